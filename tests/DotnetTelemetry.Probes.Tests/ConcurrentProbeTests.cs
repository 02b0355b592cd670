using DotnetTelemetry.Probes;
using static DotnetTelemetry.Probes.Tests.ProbeTestSupport;

namespace DotnetTelemetry.Probes.Tests;

/// <summary>The real probe path under concurrency: several app threads, one draining consumer, the shared ring.</summary>
[Collection(ProbeStateCollection.Name)]
public sealed class ConcurrentProbeTests : IDisposable
{
    public void Dispose()
    {
        ClearThread();
        ProbeRuntime.Disable();
    }

    [Fact]
    public void Each_threads_calls_arrive_whole_nested_and_in_order_while_the_consumer_drains()
    {
        const int Threads = 4, Iterations = 10_000;
        Configure(SamplerKind.AlwaysOn, capacity: 1 << 18);
        var ring = ProbeRuntime.Ring;
        int running = Threads;
        var workers = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < Iterations; i++)
            {
                var outer = Probe.Enter(1);
                var inner = Probe.Enter(2);
                Probe.Exit(ref inner);
                Probe.Exit(ref outer);
            }
            Interlocked.Decrement(ref running);
        })).ToList();
        workers.ForEach(w => w.Start());

        var events = new List<EventRecord>();
        while (true)
        {
            bool done = Volatile.Read(ref running) == 0;
            int before = events.Count;
            while (ring.TryRead(out var record, out _)) events.Add(record);
            if (done && events.Count == before) break;
            if (events.Count == before) Thread.Yield();
        }
        workers.ForEach(w => w.Join());

        Assert.Equal(0, ring.Dropped);
        Assert.Equal(Threads * Iterations * 4, events.Count);
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Sequence - events[0].Sequence));
        foreach (var perThread in events.GroupBy(e => e.ThreadId))
        {
            // Each thread's stream must be exactly: entry(outer) entry(inner) exit(inner) exit(outer), repeated.
            var stack = new Stack<EventRecord>();
            int completedOuter = 0;
            foreach (var e in perThread)
            {
                if (e.Kind == EventKind.FunctionEntry)
                {
                    Assert.Equal(stack.Count == 0 ? 0UL : stack.Peek().SpanId, e.ParentSpanId);
                    if (stack.Count > 0) Assert.Equal(stack.Peek().TraceIdLow, e.TraceIdLow);
                    stack.Push(e);
                }
                else
                {
                    var entry = stack.Pop();
                    Assert.Equal(EventKind.FunctionExit, e.Kind);
                    Assert.Equal(entry.SpanId, e.SpanId);
                    Assert.Equal(entry.MethodId, e.MethodId);
                    Assert.Equal(e.Timestamp - entry.Timestamp, e.Duration);
                    if (stack.Count == 0) completedOuter++;
                }
            }
            Assert.Empty(stack);
            Assert.Equal(Iterations, completedOuter);
        }
        Assert.Equal(Threads, events.Select(e => e.ThreadId).Distinct().Count());
        Assert.Equal(Threads * Iterations, events.Where(e => e.ParentSpanId == 0 && e.Kind == EventKind.FunctionEntry)
            .Select(e => (e.TraceIdHigh, e.TraceIdLow)).Distinct().Count()); // every root started its own trace
    }

    [Fact]
    public void Reconfiguring_while_calls_run_never_throws_and_leaves_every_thread_balanced()
    {
        Configure(SamplerKind.AlwaysOn, capacity: 1 << 10);
        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var workers = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var outer = Probe.Enter(1);
                    var inner = Probe.Enter(2);
                    Probe.LoopEnter(ref inner, 3);
                    ProbeRuntime.EmitExceptionThrown(new InvalidOperationException());
                    Probe.Exit(ref inner);
                    Probe.Exit(ref outer);
                    if (ProbeRuntime.CurrentSpan.IsValid) failures.Enqueue("slot not restored after a balanced call");
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e.ToString());
            }
        })).ToList();
        workers.ForEach(w => w.Start());

        var samplers = Enum.GetValues<SamplerKind>();
        for (int round = 0; round < 200; round++)
        {
            ProbeRuntime.Configure(new ProbeConfiguration
            {
                Sampler = samplers[round % samplers.Length],
                SamplerRatio = (round % 5) / 4.0,
                RingCapacity = round % 2 == 0 ? 1 << 10 : 1 << 11,
                Enabled = round % 7 != 0,
            });
            if (round % 3 == 0) ProbeRuntime.Disable(); else ProbeRuntime.Enable();
            Drain();
        }
        stop.Cancel();
        workers.ForEach(w => w.Join());

        Assert.Empty(failures);
    }
}
