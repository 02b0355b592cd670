using DotnetTelemetry.Probes;
using static DotnetTelemetry.Probes.Tests.ProbeTestSupport;

namespace DotnetTelemetry.Probes.Tests;

/// <summary>
/// Drives the async contract the way a woven state machine does: the scope lives in a heap object (the
/// boxed state machine), each MoveNext is one AsyncStep..AsyncStepEnd bracket, possibly on another thread.
/// </summary>
[Collection(ProbeStateCollection.Name)]
public sealed class AsyncStepTests : IDisposable
{
    public AsyncStepTests() => Configure();

    public void Dispose()
    {
        ClearThread();
        ProbeRuntime.Disable();
    }

    private sealed class StateMachine
    {
        public CallScope Scope;
    }

    private static void RunOn(Action action)
    {
        var thread = new Thread(() => action());
        thread.Start();
        thread.Join();
    }

    [Fact]
    public void Steps_on_other_threads_make_the_async_span_the_parent_of_later_calls()
    {
        var caller = Probe.Enter(1);
        var machine = new StateMachine();
        ulong childBeforeAwait = 0, childAfterAwait = 0, slotAfterStepOnWorker = 1;

        // First MoveNext runs synchronously inside the caller.
        var previous = Probe.AsyncStep(ref machine.Scope, 10);
        var first = Probe.Enter(11);
        childBeforeAwait = first.ParentSpanId;
        Probe.Exit(ref first);
        Probe.AsyncStepEnd(previous);
        Assert.Equal(caller.SpanId, Current.SpanId); // the caller is current again after the step

        Probe.Exit(ref caller);

        // The continuation runs on a thread pool thread whose slot is empty.
        RunOn(() =>
        {
            var token = Probe.AsyncStep(ref machine.Scope, 10);
            var after = Probe.Enter(12);
            childAfterAwait = after.ParentSpanId;
            Probe.Exit(ref after);
            Probe.AsyncComplete(ref machine.Scope);
            Probe.AsyncComplete(ref machine.Scope); // repeated end: ignored
            Probe.AsyncStepEnd(token);
            slotAfterStepOnWorker = Current.SpanId;
        });

        var events = Drain();
        var asyncEntry = Assert.Single(events, e => e.Record.Kind == EventKind.FunctionEntry && e.Record.MethodId == 10).Record;
        var asyncExit = Assert.Single(events, e => e.Record.Kind == EventKind.FunctionExit && e.Record.MethodId == 10).Record;

        Assert.Equal(caller.SpanId, asyncEntry.ParentSpanId);
        Assert.Equal(asyncEntry.SpanId, childBeforeAwait);
        Assert.Equal(asyncEntry.SpanId, childAfterAwait);
        Assert.Equal(asyncEntry.SpanId, asyncExit.SpanId);
        Assert.Equal(caller.TraceIdLow, asyncExit.TraceIdLow);
        Assert.Equal(0UL, slotAfterStepOnWorker);
        // The span covers the whole operation: its exit comes after the caller's exit and the continuation's child.
        var callerExit = events.Single(e => e.Record.Kind == EventKind.FunctionExit && e.Record.MethodId == 1).Record;
        Assert.True(asyncExit.Sequence > callerExit.Sequence);
        Assert.Equal(asyncExit.Timestamp - asyncEntry.Timestamp, asyncExit.Duration);
        Assert.Equal(2, events.Count(e => e.Record.MethodId == 10)); // one entry, one exit
    }

    [Fact]
    public void Async_fault_records_the_exception_once()
    {
        var machine = new StateMachine();
        var error = new TimeoutException();
        var token = Probe.AsyncStep(ref machine.Scope, 20);
        Probe.AsyncStepEnd(token);
        token = Probe.AsyncStep(ref machine.Scope, 20);
        Probe.AsyncFault(ref machine.Scope, error);
        Probe.AsyncComplete(ref machine.Scope);
        Probe.AsyncStepEnd(token);

        var events = Drain();
        Assert.Equal(new[] { EventKind.FunctionEntry, EventKind.FunctionExit }, events.Select(e => e.Record.Kind));
        Assert.Same(error, events[1].Payload);
        Assert.Equal(0UL, events[0].Record.ParentSpanId);
        Assert.False(Current.IsValid);
    }

    [Fact]
    public void Unsampled_async_operation_keeps_its_children_unsampled_after_an_await()
    {
        Configure(SamplerKind.AlwaysOff);
        var root = Probe.Enter(1); // dropped; AlwaysOff tracks nothing at all
        Assert.False(root.IsRecording);
        Probe.Exit(ref root);

        Configure(SamplerKind.TraceIdRatio, 0.0); // a ratio of 0 keeps no trace but still carries the context
        var unsampledRoot = Probe.Enter(1);
        Assert.False(unsampledRoot.IsRecording);
        var machine = new StateMachine();
        var token = Probe.AsyncStep(ref machine.Scope, 2);
        Probe.AsyncStepEnd(token);
        Probe.Exit(ref unsampledRoot);
        Assert.False(Current.IsValid);

        bool childRecorded = true;
        bool slotUnsampledDuringStep = false;
        RunOn(() =>
        {
            var t = Probe.AsyncStep(ref machine.Scope, 2);
            slotUnsampledDuringStep = Current.IsValid && !Current.IsSampled;
            var child = Probe.Enter(3);
            childRecorded = child.IsRecording;
            Probe.Exit(ref child);
            Probe.AsyncComplete(ref machine.Scope);
            Probe.AsyncStepEnd(t);
        });

        Assert.True(slotUnsampledDuringStep);
        Assert.False(childRecorded);
        Assert.Empty(Drain());
    }

    [Fact]
    public void An_operation_that_began_while_disabled_stays_untracked_after_enabling()
    {
        ProbeRuntime.Disable();
        var machine = new StateMachine();
        var token = Probe.AsyncStep(ref machine.Scope, 30);
        Probe.AsyncStepEnd(token);
        ProbeRuntime.Enable();
        token = Probe.AsyncStep(ref machine.Scope, 30);
        Assert.False(Current.IsValid); // no half span opened mid-operation
        Probe.AsyncComplete(ref machine.Scope);
        Probe.AsyncStepEnd(token);
        Assert.Empty(Drain());
    }

    [Fact]
    public void Iterator_steps_restore_the_consumers_span_between_items()
    {
        var consumer = Probe.Enter(1);
        var iterator = new StateMachine();
        for (int item = 0; item < 3; item++)
        {
            var token = Probe.AsyncStep(ref iterator.Scope, 2);
            Assert.Equal(consumer.SpanId, Current.ParentSpanId);
            Probe.AsyncStepEnd(token);
            Assert.Equal(consumer.SpanId, Current.SpanId);
        }
        var last = Probe.AsyncStep(ref iterator.Scope, 2);
        Probe.AsyncComplete(ref iterator.Scope); // MoveNext returns false
        Probe.AsyncStepEnd(last);
        Probe.Exit(ref consumer);

        var events = Drain();
        Assert.Equal(new[] { EventKind.FunctionEntry, EventKind.FunctionEntry, EventKind.FunctionExit, EventKind.FunctionExit },
            events.Select(e => e.Record.Kind));
        Assert.Equal(new[] { 1, 2, 2, 1 }, events.Select(e => e.Record.MethodId));
    }
}
