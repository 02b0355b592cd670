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
    }
}

/// <summary>The clock source is chosen by the first configuration of the process: these tests configure first.</summary>
[Collection(ProbeStateCollection.Name)]
public sealed class ClockSourceTests : IDisposable
{
    public ClockSourceTests() => ProbeRuntime.Configure(new ProbeConfiguration { Enabled = false });

    public void Dispose() => ProbeRuntime.Disable();

    [Fact]
    public void Durations_agree_with_the_stopwatch()
    {
        for (int attempt = 0; ; attempt++)
        {
            long clockStart = ProbeClock.GetTimestamp();
            long stopwatchStart = Stopwatch.GetTimestamp();
            Thread.Sleep(50);
            long clockTicks = ProbeClock.GetTimestamp() - clockStart;
            double stopwatchNs = Stopwatch.GetElapsedTime(stopwatchStart).TotalNanoseconds;
            double clockNs = ProbeClock.ToNanoseconds(clockTicks);
            // Both clocks measured the same sleep: within 1% (a preemption between the two reads can cost a retry).
            if (Math.Abs(clockNs - stopwatchNs) <= stopwatchNs / 100 || attempt == 4)
            {
                Assert.InRange(clockNs, stopwatchNs * 0.99, stopwatchNs * 1.01);
                return;
            }
        }
    }

    [Fact]
    public void The_timestamp_counter_is_used_where_the_kernel_keeps_time_with_it()
    {
        string clockSourceFile = "/sys/devices/system/clocksource/clocksource0/current_clocksource";
        bool kernelUsesCounter = OperatingSystem.IsLinux()
            && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64
            && File.Exists(clockSourceFile) && File.ReadAllText(clockSourceFile).Trim() == "tsc"
            && File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("flags")) is var flags
            && flags.Contains(" constant_tsc") && flags.Contains(" nonstop_tsc");
        if (kernelUsesCounter)
        {
            Assert.Equal("tsc", ProbeClock.SourceName);
            Assert.Equal("", ProbeClock.CounterUnusedReason);
            Assert.InRange(ProbeClock.Frequency, 50_000_000, 20_000_000_000);
        }
        else
        {
            Assert.Equal("stopwatch", ProbeClock.SourceName);
            Assert.NotEqual("", ProbeClock.CounterUnusedReason);
            Assert.Equal(Stopwatch.Frequency, ProbeClock.Frequency);
        }
    }

    [Fact]
    public void Timestamps_never_go_backwards_on_one_thread()
    {
        long previous = ProbeClock.GetTimestamp();
        for (int i = 0; i < 100_000; i++)
        {
            long now = ProbeClock.GetTimestamp();
            Assert.True(now >= previous, $"read {i}: {now} after {previous}");
            previous = now;
        }
    }

    [Theory]
    [InlineData(0, 0, 2_300_000, 1_000_000, 2_300_000_000L)] // a 2.3 GHz counter against a 1 GHz stopwatch
    [InlineData(0, 0, 0, 1_000_000, null)]                    // the counter stood still
    [InlineData(0, 0, 1_000, 0, null)]                        // no stopwatch time passed
    [InlineData(0, 0, 1_000, 1_000_000, null)]                // 1 MHz: no x64 CPU's TSC
    public void Frequency_measurements_reject_implausible_readings(long counterFrom, long stopwatchFrom, long counterTo, long stopwatchTicks, long? expected)
    {
        long stopwatchTo = stopwatchFrom + stopwatchTicks * Stopwatch.Frequency / 1_000_000_000;
        Assert.Equal(expected, ProbeClock.MeasureFrequency(counterFrom, stopwatchFrom, counterTo, stopwatchTo));
    }
}
