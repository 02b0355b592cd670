using System.Diagnostics;
using DotnetTelemetry.Probes;
using Xunit.Abstractions;

namespace DotnetTelemetry.Probes.Tests;

/// <summary>
/// Many producers hammer a small ring while one consumer drains it. Every record carries fields that are
/// functions of (producer, counter), so a torn or mixed-up record shows up as a checksum mismatch.
/// </summary>
public sealed class EventRingStressTests
{
    private readonly ITestOutputHelper _output;

    public EventRingStressTests(ITestOutputHelper output) => _output = output;

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        return x ^ (x >> 33);
    }

    private static EventRecord Make(int producer, long counter)
    {
        ulong key = ((ulong)producer << 48) | (ulong)counter;
        ulong h = Mix(key);
        return new EventRecord
        {
            Timestamp = (long)(h >> 1),
            Duration = (long)(Mix(h) >> 1),
            TraceIdHigh = h,
            TraceIdLow = ~h,
            SpanId = Mix(h ^ 1),
            ParentSpanId = Mix(h ^ 2),
            Argument = counter,
            MethodId = (int)(h & 0x7fffffff),
            ThreadId = producer,
            SiteId = (int)(h >> 40),
            SampleRate = (h & 1) == 0 ? 0.5f : 1f,
            Kind = (EventKind)(h % 12),
            TraceFlags = (byte)(h & 1),
        };
    }

    private static bool Intact(in EventRecord r)
    {
        var e = Make(r.ThreadId, r.Argument);
        return e.Timestamp == r.Timestamp && e.Duration == r.Duration && e.TraceIdHigh == r.TraceIdHigh
               && e.TraceIdLow == r.TraceIdLow && e.SpanId == r.SpanId && e.ParentSpanId == r.ParentSpanId
               && e.MethodId == r.MethodId && e.SiteId == r.SiteId && e.SampleRate == r.SampleRate
               && e.Kind == r.Kind && e.TraceFlags == r.TraceFlags;
    }

    [Theory]
    [InlineData(8, 250_000, 1024, true)]   // producers back off after a drop: most events get through
    [InlineData(8, 1_000_000, 1024, false)] // producers outrun the consumer: many drops
    [InlineData(4, 250_000, 16, true)]     // a tiny ring: constant wrap-around
    public void Every_event_is_delivered_once_or_counted_as_dropped_intact_and_in_order(int producers, int perProducer, int capacity, bool backOff)
    {
        var ring = new EventRing(capacity);
        var dropped = new long[producers];
        var lastSeen = new long[producers];
        Array.Fill(lastSeen, -1);
        var delivered = new long[producers];
        long expectedSequence = 0;
        string? failure = null;
        using var start = new Barrier(producers + 1);
        int producersRunning = producers;

        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            start.SignalAndWait();
            for (long i = 0; i < perProducer; i++)
            {
                var record = Make(p, i);
                // every 64th event carries a payload naming the same (producer, counter)
                object? payload = (i & 63) == 0 ? Tuple.Create(p, i) : null;
                if (!ring.TryWrite(record, payload))
                {
                    dropped[p]++;
                    if (backOff) Thread.Yield();
                }
                if ((i & 1023) == 0) Thread.Yield(); // let the consumer in on 2-core machines
            }
            Interlocked.Decrement(ref producersRunning);
        }) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());

        var stopwatch = Stopwatch.StartNew();
        start.SignalAndWait();
        var batch = new EventRecord[256];
        var payloads = new object?[256];
        while (true)
        {
            bool done = Volatile.Read(ref producersRunning) == 0;
            int n = ring.ReadBatch(batch, payloads);
            for (int k = 0; k < n && failure is null; k++)
            {
                ref var r = ref batch[k];
                if (r.Sequence != expectedSequence) failure = $"sequence {r.Sequence}, expected {expectedSequence}";
                else if ((uint)r.ThreadId >= (uint)producers || !Intact(in r)) failure = $"torn record at sequence {r.Sequence}";
                else if (r.Argument <= lastSeen[r.ThreadId]) failure = $"producer {r.ThreadId}: {r.Argument} after {lastSeen[r.ThreadId]}";
                else if (((r.Argument & 63) == 0) != (payloads[k] is not null)) failure = $"payload presence wrong at {r.Sequence}";
                else if (payloads[k] is Tuple<int, long> t && (t.Item1 != r.ThreadId || t.Item2 != r.Argument)) failure = $"payload of another record at {r.Sequence}";
                expectedSequence++;
                if (failure is null)
                {
                    lastSeen[r.ThreadId] = r.Argument;
                    delivered[r.ThreadId]++;
                }
            }
            if (failure is not null) break;
            if (n == 0)
            {
                if (done) break;
                Thread.Yield();
            }
        }
        threads.ForEach(t => t.Join());
        stopwatch.Stop();

        Assert.Null(failure);
        for (int p = 0; p < producers; p++)
        {
            Assert.Equal(perProducer, delivered[p] + dropped[p]);
        }
        Assert.Equal(delivered.Sum(), ring.Written);
        Assert.Equal(dropped.Sum(), ring.Dropped);
        Assert.Equal(ring.Written, ring.Read);
        Assert.False(ring.TryRead(out _, out _));
        if (backOff) Assert.True(delivered.Sum() > dropped.Sum(), "with back-off most events must get through");
        _output.WriteLine($"{producers} producers x {perProducer} on {ring.Capacity} slots: delivered {delivered.Sum()}, " +
                          $"dropped {dropped.Sum()}, {stopwatch.ElapsedMilliseconds} ms");
    }
}
