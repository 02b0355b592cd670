using System.Runtime.CompilerServices;
using DotnetTelemetry.Probes;
using static DotnetTelemetry.Probes.Tests.ProbeTestSupport;

namespace DotnetTelemetry.Probes.Tests;

/// <summary>
/// A hand-written async state machine shaped exactly like the weaver's output (scope field, AsyncStep /
/// AsyncStepEnd around MoveNext, AsyncComplete / AsyncFault before SetResult / SetException), driven by the
/// real AsyncTaskMethodBuilder across a real thread hop.
/// </summary>
[Collection(ProbeStateCollection.Name)]
public sealed class WovenAsyncStateMachineTests : IDisposable
{
    private const int AsyncMethodId = 40, ChildMethodId = 41, CallerMethodId = 42;

    public WovenAsyncStateMachineTests() => Configure();

    public void Dispose()
    {
        ClearThread();
        ProbeRuntime.Disable();
    }

    /// <summary>A woven synchronous method.</summary>
    private static void Child()
    {
        var scope = Probe.Enter(ChildMethodId);
        try { }
        finally { Probe.Exit(ref scope); }
    }

    private struct WovenAsync : IAsyncStateMachine
    {
        public int State;
        public AsyncTaskMethodBuilder<int> Builder;
        public CallScope Scope;                    // the field the weaver adds
        public Task<int> Gate;
        public bool Throw;
        private ConfiguredTaskAwaitable<int>.ConfiguredTaskAwaiter _awaiter;

        public void MoveNext()
        {
            var previous = Probe.AsyncStep(ref Scope, AsyncMethodId);
            try
            {
                int result;
                try
                {
                    if (State != 0)
                    {
                        Child(); // before the await: on the caller's thread
                        _awaiter = Gate.ConfigureAwait(false).GetAwaiter();
                        if (!_awaiter.IsCompleted)
                        {
                            State = 0;
                            Builder.AwaitUnsafeOnCompleted(ref _awaiter, ref this);
                            return;
                        }
                    }
                    result = _awaiter.GetResult();
                    Child(); // after the await: on the thread that completed the gate
                    if (Throw) throw new InvalidOperationException("async failure");
                }
                catch (Exception e)
                {
                    State = -2;
                    Probe.AsyncFault(ref Scope, e);
                    Builder.SetException(e);
                    return;
                }
                State = -2;
                Probe.AsyncComplete(ref Scope);
                Builder.SetResult(result);
            }
            finally
            {
                Probe.AsyncStepEnd(previous);
            }
        }

        public void SetStateMachine(IAsyncStateMachine stateMachine) => Builder.SetStateMachine(stateMachine);
    }

    private static Task<int> StartWoven(Task<int> gate, bool fail)
    {
        var machine = new WovenAsync { State = -1, Builder = AsyncTaskMethodBuilder<int>.Create(), Gate = gate, Throw = fail };
        machine.Builder.Start(ref machine);
        return machine.Builder.Task;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_async_span_covers_the_whole_operation_and_parents_calls_made_after_the_await_on_another_thread(bool fail)
    {
        var gate = new TaskCompletionSource<int>(); // continuations run on the thread that completes it
        var caller = Probe.Enter(CallerMethodId);
        var task = StartWoven(gate.Task, fail);
        var callerSpanAfterFirstStep = Current.SpanId;
        Probe.Exit(ref caller);
        Assert.False(task.IsCompleted);

        int completerThreadId = 0;
        SpanContext completerSlotAfter = default;
        var completer = new Thread(() =>
        {
            completerThreadId = Environment.CurrentManagedThreadId;
            gate.SetResult(7); // runs the rest of the state machine here
            completerSlotAfter = Current;
        });
        completer.Start();
        completer.Join();

        Assert.True(task.IsCompleted);
        Assert.Equal(fail, task.IsFaulted);
        Assert.Equal(caller.SpanId, callerSpanAfterFirstStep);
        Assert.False(completerSlotAfter.IsValid); // the step restored the completer's (empty) slot

        var events = Drain();
        var entry = Assert.Single(events, e => e.Record.MethodId == AsyncMethodId && e.Record.Kind == EventKind.FunctionEntry).Record;
        var exit = Assert.Single(events, e => e.Record.MethodId == AsyncMethodId && e.Record.Kind == EventKind.FunctionExit);
        var children = events.Where(e => e.Record.MethodId == ChildMethodId && e.Record.Kind == EventKind.FunctionEntry).Select(e => e.Record).ToList();
        var callerExit = events.Single(e => e.Record.MethodId == CallerMethodId && e.Record.Kind == EventKind.FunctionExit).Record;

        Assert.Equal(caller.SpanId, entry.ParentSpanId);
        Assert.Equal(2, children.Count);
        Assert.All(children, c => Assert.Equal(entry.SpanId, c.ParentSpanId));
        Assert.All(children, c => Assert.Equal(entry.TraceIdLow, c.TraceIdLow));
        Assert.Equal(Environment.CurrentManagedThreadId, children[0].ThreadId);
        Assert.Equal(completerThreadId, children[1].ThreadId);
        Assert.Equal(completerThreadId, exit.Record.ThreadId);
        Assert.True(exit.Record.Sequence > callerExit.Sequence); // exit when the Task completes, not at the first await
        Assert.Equal(exit.Record.Timestamp - entry.Timestamp, exit.Record.Duration);
        if (fail) Assert.IsType<InvalidOperationException>(exit.Payload);
        else Assert.Null(exit.Payload);
    }
}
