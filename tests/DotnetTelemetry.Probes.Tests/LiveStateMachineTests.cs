using DotnetTelemetry.Probes;
using static DotnetTelemetry.Probes.Tests.ProbeTestSupport;

namespace DotnetTelemetry.Probes.Tests;

/// <summary>
/// The probes behind state machines woven at run time (no scope field): drives them the way woven MoveNext does,
/// with the execution context captured at an "await" and restored for the next step, as the async builders do.
/// </summary>
[Collection(ProbeStateCollection.Name)]
public sealed class LiveStateMachineTests : IDisposable
{
    private const int AsyncMethod = 40, OtherAsyncMethod = 41, Child = 42;

    public LiveStateMachineTests() => Configure();

    public void Dispose()
    {
        ClearThread();
        ProbeRuntime.Disable();
    }

    /// <summary>Runs <paramref name="step"/> in a copy of <paramref name="context"/> on a new thread (a continuation).</summary>
    private static void ContinueOnAnotherThread(ExecutionContext context, Action step)
    {
        var thread = new Thread(() => ExecutionContext.Run(context, _ => step(), null));
        thread.Start();
        thread.Join();
    }

    /// <summary>The first step, inside a context that is put back afterwards (the builder's Start); returns the context an await captured.</summary>
    private static ExecutionContext FirstStep(int methodId, Action? body = null)
    {
        ExecutionContext? atAwait = null;
        ExecutionContext.Run(ExecutionContext.Capture()!, _ =>
        {
            var previous = Probe.LiveAsyncStep(firstStep: true, builderRestoresContext: true, methodId, out var holder);
            body?.Invoke();
            atAwait = ExecutionContext.Capture();
            Probe.LiveAsyncStepEnd(previous, holder);
        }, null);
        return atAwait!;
    }

    [Fact]
    public void Later_steps_on_other_threads_find_the_span_and_parent_the_calls_made_there()
    {
        var atAwait = FirstStep(AsyncMethod);
        Assert.False(Current.IsValid); // the step's end gave the thread back as it was
        ulong childParent = 0;
        ContinueOnAnotherThread(atAwait, () =>
        {
            var previous = Probe.LiveAsyncStep(firstStep: false, builderRestoresContext: true, AsyncMethod, out var holder);
            var child = Probe.Enter(Child);
            childParent = child.ParentSpanId;
            Probe.Exit(ref child);
            Probe.AsyncComplete(ref holder.Scope);
            Probe.LiveAsyncStepEnd(previous, holder);
        });

        var events = Drain();
        var entry = Assert.Single(events, e => e.Record.Kind == EventKind.FunctionEntry && e.Record.MethodId == AsyncMethod);
        Assert.Single(events, e => e.Record.Kind == EventKind.FunctionExit && e.Record.SpanId == entry.Record.SpanId);
        Assert.Equal(entry.Record.SpanId, childParent);
    }

    [Fact]
    public void Code_after_a_hop_no_step_covers_still_finds_the_async_operation_it_runs_in()
    {
        // E.g. HttpClient's first request through a new handler starts its Activity after a Task.Run inside the
        // library: no woven step runs there, the thread's slot is empty, but the execution context flowed.
        var atAwait = FirstStep(AsyncMethod);
        SpanContext seen = default;
        ContinueOnAnotherThread(atAwait, () => seen = ProbeRuntime.CurrentWovenSpan);
        var entry = Assert.Single(Drain(), e => e.Record.Kind == EventKind.FunctionEntry);
        Assert.Equal(entry.Record.SpanId, seen.SpanId);
        Assert.Equal(entry.Record.TraceIdLow, seen.TraceIdLow);
        Assert.True(seen.IsSampled);
    }

    [Fact]
    public void Code_running_in_an_ended_operations_context_is_not_inside_it()
    {
        // A completion can run an awaiter that had no context of its own inline, in the finished operation's context.
        var atAwait = FirstStep(AsyncMethod);
        SpanContext seen = default;
        ContinueOnAnotherThread(atAwait, () =>
        {
            var previous = Probe.LiveAsyncStep(firstStep: false, builderRestoresContext: true, AsyncMethod, out var holder);
            Probe.AsyncComplete(ref holder.Scope);
            Probe.LiveAsyncStepEnd(previous, holder);
            seen = ProbeRuntime.CurrentWovenSpan;
        });
        Assert.False(seen.IsValid);
    }

    [Fact]
    public void An_operation_already_running_before_the_weaving_stays_unrecorded()
    {
        // Attach: the first step ran unwoven, so a later step finds no holder (the state field says "not first").
        ContinueOnAnotherThread(ExecutionContext.Capture()!, () =>
        {
            var previous = Probe.LiveAsyncStep(firstStep: false, builderRestoresContext: true, AsyncMethod, out var holder);
            Assert.False(Current.IsValid);
            Probe.AsyncComplete(ref holder.Scope);
            Probe.LiveAsyncStepEnd(previous, holder);
        });
        Assert.Empty(Drain());
    }

    [Fact]
    public void A_later_step_never_takes_the_span_of_an_outer_operation()
    {
        // The outer operation's holder flows into an inner one that started unwoven: the inner one must not end it.
        ExecutionContext atInnerAwait = null!;
        FirstStep(AsyncMethod, () => atInnerAwait = ExecutionContext.Capture()!);
        ContinueOnAnotherThread(atInnerAwait, () =>
        {
            var previous = Probe.LiveAsyncStep(firstStep: false, builderRestoresContext: true, OtherAsyncMethod, out var holder);
            Probe.AsyncComplete(ref holder.Scope);
            Probe.LiveAsyncStepEnd(previous, holder);
        });
        Assert.DoesNotContain(Drain(), e => e.Record.Kind == EventKind.FunctionExit);
    }

    [Fact]
    public void After_a_custom_builder_first_step_the_callers_holder_is_back()
    {
        ExecutionContext atCallerAwait = null!;
        FirstStep(AsyncMethod, () =>
        {
            // A custom builder runs the callee's first step directly: nothing restores the context but the probes.
            var previous = Probe.LiveAsyncStep(firstStep: true, builderRestoresContext: false, OtherAsyncMethod, out var holder);
            Probe.AsyncComplete(ref holder.Scope);
            Probe.LiveAsyncStepEnd(previous, holder);
            atCallerAwait = ExecutionContext.Capture()!;
        });
        ContinueOnAnotherThread(atCallerAwait, () =>
        {
            var previous = Probe.LiveAsyncStep(firstStep: false, builderRestoresContext: true, AsyncMethod, out var holder);
            Probe.AsyncComplete(ref holder.Scope);
            Probe.LiveAsyncStepEnd(previous, holder);
        });
        var exits = Drain().Where(e => e.Record.Kind == EventKind.FunctionExit).Select(e => e.Record.MethodId).ToList();
        Assert.Equal(new[] { OtherAsyncMethod, AsyncMethod }, exits);
    }

    [Fact]
    public void Iterator_scope_follows_the_state_machine_object_and_its_dispose()
    {
        var iterator = new object();
        var previous = Probe.LiveIteratorStep(iterator, firstStep: true, AsyncMethod, out var first);
        Probe.AsyncStepEnd(previous);
        previous = Probe.LiveIteratorStep(iterator, firstStep: false, AsyncMethod, out var second);
        Probe.AsyncStepEnd(previous);
        Assert.Same(first, second);
        Probe.AsyncComplete(ref Probe.LiveIteratorScope(iterator).Scope); // Dispose of an abandoned enumeration
        Assert.NotSame(first, Probe.LiveIteratorScope(new object()));

        var events = Drain();
        Assert.Single(events, e => e.Record.Kind == EventKind.FunctionEntry);
        Assert.Single(events, e => e.Record.Kind == EventKind.FunctionExit);
    }

    [Fact]
    public void Nothing_is_allocated_or_recorded_while_the_probes_are_off()
    {
        ProbeRuntime.Disable();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            var previous = Probe.LiveAsyncStep(firstStep: true, builderRestoresContext: true, AsyncMethod, out var holder);
            Probe.AsyncComplete(ref holder.Scope);
            Probe.LiveAsyncStepEnd(previous, holder);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Empty(Drain());
    }
}
