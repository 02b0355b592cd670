using DotnetTelemetry.Agent.Exceptions;
using DotnetTelemetry.Agent.Internal;

namespace DotnetTelemetry.Agent.Tests;

[Collection(RingCollection.Name)]
public class ExceptionListenerTests : RingTestBase
{
    private ExceptionListener _listener = new();

    public ExceptionListenerTests() => _listener.Start();

    private void Restart(bool captureThrowStack)
    {
        _listener.Dispose();
        _listener = new ExceptionListener(captureThrowStack);
        _listener.Start();
    }

    public override void Dispose()
    {
        _listener.Dispose();
        base.Dispose();
    }

    private static void ThrowAndCatch(string message)
    {
        try
        {
            Thrower.Throw(message);
        }
        catch (InvalidOperationException)
        {
        }
    }

    [Fact]
    public void Thrown_then_caught_gives_entry_and_exit_with_the_stack()
    {
        string marker = "boom-" + Guid.NewGuid();
        ThrowAndCatch(marker);
        _listener.SweepCaught(all: true);

        var mine = Drain().Where(e => e.Str("error", "message") == marker).ToList();

        Assert.Equal(new[] { "exception_entry", "exception_exit" }, mine.Select(e => e.Str("event_type")));
        var entry = mine[0];
        Assert.Equal("System.InvalidOperationException", entry.Str("error", "type"));
        string stack = entry.Str("error", "stacktrace")!;
        Assert.Contains("Thrower.Throw", stack);
        Assert.Contains(nameof(ThrowAndCatch), stack); // the exception's own trace runs from the throw to the catching frame
        Assert.DoesNotContain(nameof(Thrown_then_caught_gives_entry_and_exit_with_the_stack), stack); // above the catch: not walked by default
        Assert.Equal("true", mine[1].Str("attributes", "exception.handled"));
        Assert.Equal(entry.Str("span_id"), mine[1].Str("span_id"));
        Assert.Equal(entry.Str("trace_id"), mine[1].Str("trace_id"));
    }

    [Fact]
    public void Throw_stack_capture_adds_the_callers_above_the_catch()
    {
        Restart(captureThrowStack: true);
        string marker = "walk-" + Guid.NewGuid();
        ThrowAndCatch(marker);
        _listener.SweepCaught(all: true);
        var entry = Assert.Single(Drain(), e => e.Str("error", "message") == marker && e.Str("event_type") == "exception_entry");
        Assert.Contains(nameof(Throw_stack_capture_adds_the_callers_above_the_catch), entry.Str("error", "stacktrace"));
    }

    [Fact]
    public void A_second_throw_on_the_same_thread_closes_the_first()
    {
        string first = "first-" + Guid.NewGuid();
        string second = "second-" + Guid.NewGuid();
        ThrowAndCatch(first);
        ThrowAndCatch(second);

        var events = Drain().Where(e => e.Str("error", "message") is { } m && (m == first || m == second)).ToList();

        Assert.Equal(new[] { "exception_entry", "exception_exit", "exception_entry" }, events.Select(e => e.Str("event_type")));
        Assert.Equal("next_throw", events[1].Str("attributes", "exception.end_detected_by"));
        _listener.SweepCaught(all: true);
    }

    [Fact]
    public void Unhandled_exit_is_marked_unhandled()
    {
        var exception = new InvalidOperationException("unhandled-" + Guid.NewGuid());
        _listener.OnUnhandled(exception);
        var exit = Assert.Single(Drain(), e => e.Str("error", "message") == exception.Message);
        Assert.Equal("exception_exit", exit.Str("event_type"));
        Assert.Equal("false", exit.Str("attributes", "exception.handled"));
        Assert.Equal("ERROR", exit.Str("severity"));
    }

    [Fact]
    public void Agent_code_exceptions_are_not_reported()
    {
        string marker = "agent-" + Guid.NewGuid();
        using (AgentCode.Enter())
        {
            ThrowAndCatch(marker);
        }
        _listener.SweepCaught(all: true);
        Assert.DoesNotContain(Drain(), e => e.Str("error", "message") == marker);
    }

    [Fact]
    public void Exceptions_thrown_by_agent_assemblies_on_unmarked_threads_are_not_reported()
    {
        // The schema reader throws FormatException itself: agent code, here on a thread nobody marked.
        string thrownByUs = Assert.Throws<FormatException>(() => DotnetTelemetry.Schema.TelemetryEventReader.Parse("[1]")).Message;
        // The same type thrown by the app is the app's.
        string marker = "app-" + Guid.NewGuid();
        try
        {
            throw new FormatException(marker);
        }
        catch (FormatException)
        {
        }
        _listener.SweepCaught(all: true);

        var events = Drain();
        Assert.Contains(events, e => e.Str("error", "message") == marker);
        Assert.DoesNotContain(events, e => e.Str("error", "message") == thrownByUs);
    }

    [Fact]
    public void Exceptions_on_the_otlp_exporters_flow_are_not_reported()
    {
        string marker = "exporter-" + Guid.NewGuid();
        // The exporter marks its own thread (SelfInstrumentation), which the agent cannot mark: what flows from it too.
        var thread = new Thread(() =>
        {
            DotnetTelemetry.Otlp.Delivery.SelfInstrumentation.SuppressOnCurrentThread();
            ThrowAndCatch(marker + "-thread");
            Task.Run(() => ThrowAndCatch(marker + "-task")).Wait();
        });
        thread.Start();
        thread.Join();
        _listener.SweepCaught(all: true);

        Assert.DoesNotContain(Drain(), e => e.Str("error", "message")?.StartsWith(marker, StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Throwing_threads_racing_the_sweeper_get_exactly_one_entry_and_one_exit_per_exception()
    {
        const int threads = 6, throwsPerThread = 150;
        string prefix = "race-" + Guid.NewGuid() + "-";
        using var done = new CancellationTokenSource();
        var sweeper = new Thread(() =>
        {
            while (!done.IsCancellationRequested) _listener.SweepCaught(all: true);
        });
        sweeper.Start();
        var throwers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (int i = 0; i < throwsPerThread; i++) ThrowAndCatch($"{prefix}{t}-{i}");
        })).ToList();
        throwers.ForEach(thread => thread.Start());
        throwers.ForEach(thread => thread.Join());
        done.Cancel();
        sweeper.Join();
        _listener.SweepCaught(all: true);

        var mine = Drain().Where(e => e.Str("error", "message")?.StartsWith(prefix, StringComparison.Ordinal) == true).ToList();

        foreach (var group in mine.GroupBy(e => e.Str("error", "message")))
        {
            Assert.Equal(new[] { "exception_entry", "exception_exit" }, group.Select(e => e.Str("event_type")));
        }
        Assert.Equal(threads * throwsPerThread, mine.Select(e => e.Str("error", "message")).Distinct().Count());
    }

    private static class Thrower
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static void Throw(string message) => throw new InvalidOperationException(message);
    }
}
