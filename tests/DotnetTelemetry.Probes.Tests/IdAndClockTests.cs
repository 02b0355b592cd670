using System.Diagnostics;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Probes.Tests;

public sealed class IdAndClockTests
{
    [Fact]
    public void Generated_ids_are_never_zero_and_do_not_repeat()
    {
        var seen = new HashSet<ulong>();
        for (int i = 0; i < 200_000; i++)
        {
            ulong span = ProbeRuntime.NewSpanId();
            Assert.NotEqual(0UL, span);
            Assert.True(seen.Add(span));
            ProbeRuntime.NewTraceId(out ulong high, out ulong low);
            Assert.NotEqual(0UL, high | low);
        }
    }

    [Fact]
    public void Threads_get_independent_id_streams()
    {
        var first = new ulong[1000];
        var second = new ulong[1000];
        var a = new Thread(() => { for (int i = 0; i < first.Length; i++) first[i] = ProbeRuntime.NewSpanId(); });
        var b = new Thread(() => { for (int i = 0; i < second.Length; i++) second[i] = ProbeRuntime.NewSpanId(); });
        a.Start(); b.Start(); a.Join(); b.Join();
        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public void A_seeded_generator_never_yields_zero()
    {
        var generator = IdGenerator.CreateSeeded();
        for (int i = 0; i < 100_000; i++) Assert.NotEqual(0UL, generator.NextNonZero());
    }

    [Fact]
    public void Ids_format_as_lowercase_hex_of_the_w3c_lengths()
    {
        Assert.Equal("0000000000000001abcdef0123456789", W3CId.FormatTraceId(1, 0xabcdef0123456789));
        Assert.Equal("00000000000000ff", W3CId.FormatSpanId(255));
        var context = new SpanContext(0x0123456789abcdef, 0xfedcba9876543210, 0x00f067aa0ba902b7, 0, sampled: true);
        Assert.Equal("00-0123456789abcdeffedcba9876543210-00f067aa0ba902b7-01", context.ToString());
        Assert.Matches("^[0-9a-f]{32}$", W3CId.FormatTraceId(ulong.MaxValue, 0xABCDEF));
        Span<char> tooShort = stackalloc char[31];
        Assert.False(W3CId.TryFormatTraceId(1, 2, tooShort));
        Assert.False(W3CId.TryFormatSpanId(1, tooShort[..15]));

        for (int i = 0; i < 1000; i++)
        {
            ProbeRuntime.NewTraceId(out ulong high, out ulong low);
            Assert.Matches("^[0-9a-f]{32}$", W3CId.FormatTraceId(high, low));
            Assert.Matches("^[0-9a-f]{16}$", W3CId.FormatSpanId(ProbeRuntime.NewSpanId()));
        }
    }

    [Fact]
    public void Clock_converts_stopwatch_ticks_to_unix_nanoseconds()
    {
        Assert.Equal(1_000_000_000, ProbeClock.ToNanoseconds(ProbeClock.Frequency));
        Assert.Equal(-500_000_000, ProbeClock.ToNanoseconds(-ProbeClock.Frequency / 2));

        ProbeClock.Recalibrate();
        long unixNs = ProbeClock.ToUnixNanoseconds(ProbeClock.GetTimestamp());
        long wallNs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        Assert.InRange(unixNs - wallNs, -1_000_000_000, 1_000_000_000); // generous: the machine may preempt us in between

        long later = ProbeClock.GetTimestamp() + ProbeClock.Frequency * 3600; // an hour on: no overflow
        Assert.InRange(ProbeClock.ToUnixNanoseconds(later) - unixNs, 3599_000_000_000, 3601_000_000_000);
        ProbeClock.GetAnchor(out long anchorTicks, out long anchorNs);
        Assert.Equal(anchorNs, ProbeClock.ToUnixNanoseconds(anchorTicks));
        Assert.Equal(Stopwatch.Frequency, ProbeClock.Frequency);
    }
}
