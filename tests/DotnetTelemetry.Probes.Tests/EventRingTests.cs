using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Probes.Tests;

public sealed class EventRingTests
{
    private static EventRecord Record(long argument) => new() { Argument = argument, Kind = EventKind.VariableChange, SpanId = 1 };

    [Theory]
    [InlineData(0, EventRing.MinCapacity)]
    [InlineData(17, 32)]
    [InlineData(1024, 1024)]
    [InlineData(int.MaxValue, EventRing.MaxCapacity)]
    public void Capacity_is_a_clamped_power_of_two(int requested, int expected)
    {
        Assert.Equal(expected, EventRing.RoundUpCapacity(requested));
    }

    [Fact]
    public void Full_ring_drops_and_counts_then_accepts_again_after_a_read()
    {
        var ring = new EventRing(16);
        for (int i = 0; i < 16; i++) Assert.True(ring.TryWrite(Record(i), null));
        Assert.False(ring.TryWrite(Record(99), null));
        Assert.False(ring.TryWrite(Record(100), null));
        Assert.Equal(16, ring.Written);
        Assert.Equal(2, ring.Dropped);
        Assert.Equal(16, ring.Pending);

        Assert.True(ring.TryRead(out var first, out _));
        Assert.Equal(0, first.Argument);
        Assert.Equal(0, first.Sequence);
        Assert.True(ring.TryWrite(Record(16), null));

        var all = new List<EventRecord>();
        while (ring.TryRead(out var r, out _)) all.Add(r);
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), all.Select(r => r.Argument));
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), all.Select(r => r.Sequence)); // gap-free: drops take no position
        Assert.False(ring.TryRead(out _, out _));
        Assert.Equal(17, ring.Read);
    }

    [Fact]
    public void Payloads_travel_with_their_record_and_are_cleared_after_the_read()
    {
        var ring = new EventRing(16);
        var payload = new object();
        for (int lap = 0; lap < 3; lap++)
        {
            for (int i = 0; i < 16; i++) Assert.True(ring.TryWrite(Record(i), i == 3 && lap == 0 ? payload : null));
            for (int i = 0; i < 16; i++)
            {
                Assert.True(ring.TryRead(out var r, out var p));
                Assert.Equal(i, r.Argument);
                // the slot that once held the payload comes back empty on the next laps
                Assert.Same(i == 3 && lap == 0 ? payload : null, p);
            }
        }
    }

    [Fact]
    public void Batch_read_returns_records_and_payloads_in_order()
    {
        var ring = new EventRing(64);
        for (int i = 0; i < 40; i++) ring.TryWrite(Record(i), i % 2 == 0 ? i.ToString() : null);
        var records = new EventRecord[32];
        var payloads = new object?[32];
        Assert.Equal(32, ring.ReadBatch(records, payloads));
        Assert.Equal(8, ring.ReadBatch(records, payloads));
        Assert.Equal(Enumerable.Range(32, 8).Select(i => (long)i), records.Take(8).Select(r => r.Argument));
        Assert.Equal(new object?[] { "32", null, "34", null, "36", null, "38", null }, payloads.Take(8));
        Assert.Equal(0, ring.ReadBatch(records, payloads));
    }
}
