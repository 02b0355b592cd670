using System.Diagnostics;
using DotnetTelemetry.Probes;
using static DotnetTelemetry.Probes.Tests.ProbeTestSupport;

namespace DotnetTelemetry.Probes.Tests;

[Collection(ProbeStateCollection.Name)]
public sealed class SpanNestingTests : IDisposable
{
    public SpanNestingTests() => Configure();

    public void Dispose()
    {
        ClearThread();
        ProbeRuntime.Disable();
    }

    [Fact]
    public void Child_call_nests_under_its_parent_and_exit_restores_the_parent()
    {
        var outer = Probe.Enter(1);
        var afterOuter = Current;
        var inner = Probe.Enter(2);
        var afterInner = Current;
        Probe.Exit(ref inner);
        var afterInnerExit = Current;
        Probe.Exit(ref outer);
        var afterOuterExit = Current;

        Assert.True(outer.IsRecording);
        Assert.True(inner.IsRecording);
        var events = Drain();
        Assert.Equal(new[] { EventKind.FunctionEntry, EventKind.FunctionEntry, EventKind.FunctionExit, EventKind.FunctionExit },
            events.Select(e => e.Record.Kind));
        var (outerEntry, innerEntry, innerExit, outerExit) = (events[0].Record, events[1].Record, events[2].Record, events[3].Record);

        Assert.Equal(1, outerEntry.MethodId);
        Assert.Equal(2, innerEntry.MethodId);
        Assert.Equal(0UL, outerEntry.ParentSpanId); // a root
        Assert.Equal(outerEntry.SpanId, innerEntry.ParentSpanId);
        Assert.Equal(outerEntry.TraceIdHigh, innerEntry.TraceIdHigh);
        Assert.Equal(outerEntry.TraceIdLow, innerEntry.TraceIdLow);
        Assert.NotEqual(outerEntry.SpanId, innerEntry.SpanId);
        Assert.Equal(innerEntry.SpanId, innerExit.SpanId);
        Assert.Equal(outerEntry.SpanId, outerExit.SpanId);
        Assert.Equal(0UL, outerExit.ParentSpanId);
        Assert.Equal(outerEntry.SpanId, innerExit.ParentSpanId);

        Assert.True(innerExit.Duration >= 0);
        Assert.True(outerExit.Duration >= innerExit.Duration);
        Assert.Equal(outerExit.Timestamp - outerEntry.Timestamp, outerExit.Duration);
        Assert.All(events, e => Assert.Equal(1, e.Record.TraceFlags));
        Assert.All(events, e => Assert.Equal(1f, e.Record.SampleRate));
        Assert.All(events, e => Assert.Equal(Environment.CurrentManagedThreadId, e.Record.ThreadId));
        Assert.Equal(events.Select(e => e.Record.Sequence).OrderBy(s => s), events.Select(e => e.Record.Sequence));

        Assert.Equal(outerEntry.SpanId, afterOuter.SpanId);
        Assert.Equal(innerEntry.SpanId, afterInner.SpanId);
        Assert.Equal(outerEntry.SpanId, afterInner.ParentSpanId);
        Assert.Equal(outerEntry.SpanId, afterInnerExit.SpanId);
        Assert.Equal(0UL, afterInnerExit.ParentSpanId);
        Assert.False(afterOuterExit.IsValid);
    }

    [Fact]
    public void Three_levels_restore_the_grandparent_context()
    {
        var a = Probe.Enter(1);
        var b = Probe.Enter(2);
        var c = Probe.Enter(3);
        Assert.Equal(b.SpanId, Current.ParentSpanId);
        Probe.Exit(ref c);
        Assert.Equal(b.SpanId, Current.SpanId);
        Assert.Equal(a.SpanId, Current.ParentSpanId);
        Probe.Exit(ref b);
        Assert.Equal(a.SpanId, Current.SpanId);
        Assert.Equal(0UL, Current.ParentSpanId);
        Probe.Exit(ref a);
        Assert.False(Current.IsValid);
    }

    [Fact]
    public void Fault_records_the_exception_on_exit_without_catching_it()
    {
        var thrown = new InvalidOperationException("boom");
        var caught = Assert.Throws<InvalidOperationException>(() => Woven(thrown));
        Assert.Same(thrown, caught);

        var events = Drain();
        Assert.Equal(2, events.Count);
        Assert.Null(events[0].Payload);
        Assert.Equal(EventKind.FunctionExit, events[1].Record.Kind);
        Assert.Same(thrown, events[1].Payload);
        Assert.False(Current.IsValid);

        static void Woven(Exception toThrow)
        {
            var scope = Probe.Enter(7);
            try
            {
                throw toThrow;
            }
            catch (Exception e) when (Probe.Fault(ref scope, e))
            {
                Assert.Fail("the filter must never catch");
            }
            finally
            {
                Probe.Exit(ref scope);
            }
        }
    }

    [Fact]
    public void Each_frame_an_exception_leaves_reports_it_and_the_frame_that_catches_does_not()
    {
        var first = new InvalidOperationException("first");
        Assert.Equal("caught", Catching(first));
        var second = new ArgumentException("second");
        Assert.Throws<ArgumentException>(() => Leaving(9, () => Leaving(10, () => throw second)));
        Assert.Equal("clean", Leaving(11, () => "clean")); // nothing left over from the throws above

        var exits = Drain().Where(e => e.Record.Kind == EventKind.FunctionExit).ToDictionary(e => e.Record.MethodId, e => e.Payload);
        Assert.Same(first, exits[2]);   // the frame it left
        Assert.Null(exits[1]);          // the frame that caught it ends normally
        Assert.Same(second, exits[10]); // both frames it left, innermost first
        Assert.Same(second, exits[9]);
        Assert.Null(exits[11]);
        Assert.True(ThreadState.Current.Faults.IsEmpty, "every waiting exception went to its exit");

        static string Catching(Exception toThrow)
        {
            var scope = Probe.Enter(1);
            try
            {
                try
                {
                    return Leaving(2, () => throw toThrow);
                }
                catch (InvalidOperationException)
                {
                    return "caught";
                }
            }
            finally
            {
                Probe.Exit(ref scope);
            }
        }

        static string Leaving(int methodId, Func<string> body)
        {
            CallScope scope = default;
            Probe.Enter(ref scope, methodId);
            try
            {
                return body();
            }
            catch (Exception e) when (Probe.Fault(ref scope, e))
            {
                throw new UnreachableException("the filter must never catch");
            }
            finally
            {
                Probe.Exit(ref scope);
            }
        }
    }

    [Fact]
    public void Waiting_exceptions_are_bounded_and_a_replaced_one_gives_way_to_the_newer()
    {
        var faults = new PendingFaults();
        var replaced = new Exception("replaced");
        var newer = new Exception("newer");
        faults.Add(1, replaced);
        faults.Add(1, newer);
        for (ulong span = 2; span <= 20; span++) faults.Add(span, new Exception(span.ToString()));
        Assert.Null(faults.Take(1));                  // the oldest entries were forgotten when it filled up
        Assert.Equal("20", faults.Take(20)!.Message);
        Assert.Equal("5", faults.Take(5)!.Message);
        Assert.Null(faults.Take(5));                  // taken once

        var fresh = new PendingFaults();
        fresh.Add(7, replaced);
        fresh.Add(7, newer);
        Assert.Same(newer, fresh.Take(7));
        Assert.True(fresh.IsEmpty);                   // the replaced one went with it
    }

    [Fact]
    public void Exit_without_fault_carries_no_payload_and_a_second_exit_is_ignored()
    {
        var scope = Probe.Enter(1);
        Probe.Exit(ref scope);
        Probe.Exit(ref scope);
        var events = Drain();
        Assert.Equal(2, events.Count);
        Assert.Null(events[1].Payload);
    }

    [Fact]
    public void A_call_whose_entry_was_dropped_records_no_orphan_exit_but_its_children_still_record()
    {
        Configure(capacity: EventRing.MinCapacity);
        for (int i = 0; i < EventRing.MinCapacity; i++) Assert.True(ProbeRuntime.EmitAgentStatus(null));
        long droppedBefore = ProbeRuntime.Ring.Dropped;

        var dropped = Probe.Enter(1);          // the ring is full: the entry is dropped
        Assert.Equal(EventRing.MinCapacity, Drain().Count);
        var child = Probe.Enter(2);
        Probe.Exit(ref child);
        Probe.Exit(ref dropped);

        Assert.False(dropped.IsRecording);
        Assert.Equal(droppedBefore + 1, ProbeRuntime.Ring.Dropped);
        var events = Drain();
        Assert.Equal(new[] { (EventKind.FunctionEntry, 2), (EventKind.FunctionExit, 2) }, events.Select(e => (e.Record.Kind, e.Record.MethodId)));
        Assert.Equal(dropped.SpanId, events[0].Record.ParentSpanId);
        Assert.False(Current.IsValid);
    }

    [Fact]
    public void Disabled_probes_record_nothing_and_return_default_scopes()
    {
        ProbeRuntime.Disable();
        long written = ProbeRuntime.Ring.Written;

        var scope = Probe.Enter(1);
        var inner = Probe.Enter(2);
        Probe.LoopEnter(ref inner, 5);
        Probe.Exit(ref inner);
        Probe.Exit(ref scope);
        Assert.Equal(default(CallScope), scope);
        CallScope asyncScope = default;
        var step = Probe.AsyncStep(ref asyncScope, 3);
        Probe.AsyncStepEnd(step);
        Probe.AsyncComplete(ref asyncScope);
        Assert.False(asyncScope.IsRecording);
        Assert.False(ProbeRuntime.EmitExceptionThrown(new Exception()));
        Assert.Equal(written, ProbeRuntime.Ring.Written);
        Assert.False(Current.IsValid);
    }

    [Fact]
    public void Disabling_mid_call_still_records_the_exit_of_a_recorded_call()
    {
        var scope = Probe.Enter(1);
        ProbeRuntime.Disable();
        Probe.Exit(ref scope);
        Assert.Equal(new[] { EventKind.FunctionEntry, EventKind.FunctionExit }, Drain().Select(e => e.Record.Kind));
        Assert.False(Current.IsValid);
    }

    [Fact]
    public void Garbage_input_never_throws_nor_touches_the_current_span()
    {
        var outer = Probe.Enter(1);
        var before = Current;

        var empty = default(CallScope);
        Probe.Exit(ref empty);
        Probe.AsyncComplete(ref empty);
        Probe.AsyncFault(ref empty, new Exception());
        Probe.AsyncStepEnd(default);
        Assert.False(Probe.Fault(ref empty, new Exception()));
        Probe.LoopExit(ref empty, 1, 3);
        Probe.VariableChange(ref empty, 1, "x");

        Assert.Equal(before.SpanId, Current.SpanId);
        Assert.Equal(before.TraceIdLow, Current.TraceIdLow);
        Probe.Exit(ref outer);
        Assert.Equal(2, Drain().Count);
    }

    [Fact]
    public void An_exit_on_another_thread_records_the_exit_but_leaves_that_threads_span_alone()
    {
        var scope = Probe.Enter(1);
        SpanContext otherBefore = default, otherAfter = default;
        var thread = new Thread(() =>
        {
            var own = Probe.Enter(2);
            otherBefore = Current;
            Probe.Exit(ref scope);          // someone else's scope
            otherAfter = Current;
            Probe.Exit(ref own);
        });
        thread.Start();
        thread.Join();

        Assert.True(otherBefore.IsValid);
        Assert.Equal(otherBefore.SpanId, otherAfter.SpanId);
        Assert.Equal(otherBefore.ParentSpanId, otherAfter.ParentSpanId);
        // This thread still shows the call as current (its exit ran elsewhere): the imbalance stays local.
        Assert.Equal(scope.SpanId, Current.SpanId);
        var events = Drain();
        Assert.Equal(2, events.Count(e => e.Record.Kind == EventKind.FunctionExit));
        Assert.Single(events, e => e.Record.Kind == EventKind.FunctionExit && e.Record.SpanId == scope.SpanId);
    }
}
