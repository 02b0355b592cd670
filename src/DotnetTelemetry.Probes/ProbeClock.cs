using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// The probes' clock. The hot path reads <see cref="GetTimestamp"/> once per probe: the CPU's timestamp
/// counter where that is trustworthy (<see cref="TimestampCounter"/>, about 10 ns on these VMs), else
/// <see cref="Stopwatch.GetTimestamp"/> (about 22 ns). The drain thread turns ticks into Unix nanoseconds
/// with an anchor (a wall-clock instant taken at a known timestamp, with the tick frequency), off the app's threads.
/// </summary>
/// <remarks>
/// The source is chosen once per process, by the first <see cref="ProbeRuntime.Configure"/> (Stopwatch until
/// then), and never changes afterwards, so every timestamp in the ring is in the same unit. The counter's
/// frequency is measured against the Stopwatch over a couple of milliseconds at that point and refined by
/// every <see cref="Recalibrate"/> over the whole time since.
/// </remarks>
public static unsafe class ProbeClock
{
    private const long NanosecondsPerSecond = 1_000_000_000;
    private static readonly TimeSpan CalibrationSpan = TimeSpan.FromMilliseconds(2);

    /// <summary>The counter reader, or null while the Stopwatch is the source.</summary>
    private static delegate* unmanaged[SuppressGCTransition]<long> s_readCounter;
    private static int s_selected;
    /// <summary>The counter and Stopwatch read together when the counter was chosen: the base of its frequency.</summary>
    private static long s_counterBase, s_stopwatchBase;
    private static Anchor s_anchor = Anchor.Capture(Stopwatch.Frequency);

    /// <summary>"tsc" or "stopwatch": what <see cref="GetTimestamp"/> reads.</summary>
    public static string SourceName => s_readCounter != null ? "tsc" : "stopwatch";

    /// <summary>Why the timestamp counter is not used (empty when it is, or before the choice).</summary>
    public static string CounterUnusedReason { get; private set; } = "";

    /// <summary>Ticks per second of <see cref="GetTimestamp"/>.</summary>
    public static long Frequency => Volatile.Read(ref s_anchor).Frequency;

    /// <summary>The current timestamp (the unit of <see cref="EventRecord.Timestamp"/> and <see cref="EventRecord.Duration"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long GetTimestamp()
    {
        var read = s_readCounter;
        return read != null ? read() : Stopwatch.GetTimestamp();
    }

    /// <summary>The anchor in use: Unix nanoseconds at timestamp <paramref name="timestamp"/>.</summary>
    public static void GetAnchor(out long timestamp, out long unixNanoseconds)
    {
        var anchor = Volatile.Read(ref s_anchor);
        timestamp = anchor.Timestamp;
        unixNanoseconds = anchor.UnixNanoseconds;
    }

    /// <summary>Converts a timestamp to nanoseconds since the Unix epoch (UTC).</summary>
    public static long ToUnixNanoseconds(long timestamp)
    {
        var anchor = Volatile.Read(ref s_anchor);
        return anchor.UnixNanoseconds + anchor.ToNanoseconds(timestamp - anchor.Timestamp);
    }

    /// <summary>Converts a tick count (a duration, may be negative) to nanoseconds.</summary>
    public static long ToNanoseconds(long ticks) => Volatile.Read(ref s_anchor).ToNanoseconds(ticks);

    /// <summary>
    /// Takes a fresh anchor, so that the clock's drift against wall-clock time (NTP slews, suspend) does not
    /// accumulate in long-running processes, and refines the counter's frequency. The drain thread calls it now and then.
    /// </summary>
    public static void Recalibrate()
    {
        long frequency = Stopwatch.Frequency;
        if (s_readCounter != null)
        {
            ReadBoth(out long counter, out long stopwatch);
            frequency = MeasureFrequency(s_counterBase, s_stopwatchBase, counter, stopwatch) ?? Frequency;
        }
        Volatile.Write(ref s_anchor, Anchor.Capture(frequency));
    }

    /// <summary>
    /// Chooses the source, once per process (later calls change nothing): the timestamp counter when
    /// <paramref name="source"/> allows it and it is trustworthy here, else the Stopwatch. Costs about
    /// <see cref="CalibrationSpan"/> when the counter is chosen.
    /// </summary>
    internal static void Select(ClockSource source)
    {
        if (Interlocked.Exchange(ref s_selected, 1) != 0) return;
        if (source == ClockSource.Stopwatch)
        {
            CounterUnusedReason = "DOTNET_TELEMETRY_CLOCK=stopwatch";
            return;
        }
        var read = TimestampCounter.TryCreate(out string reason);
        if (read is null)
        {
            CounterUnusedReason = reason;
            return;
        }
        s_readCounter = read;
        ReadBoth(out s_counterBase, out s_stopwatchBase);
        var spin = Stopwatch.StartNew();
        while (spin.Elapsed < CalibrationSpan)
        {
        }
        ReadBoth(out long counter, out long stopwatch);
        if (MeasureFrequency(s_counterBase, s_stopwatchBase, counter, stopwatch) is not { } frequency)
        {
            s_readCounter = null;
            CounterUnusedReason = "the counter's frequency could not be measured";
            return;
        }
        Volatile.Write(ref s_anchor, Anchor.Capture(frequency));
    }

    /// <summary>Counter ticks per second between two paired readings; null when implausible.</summary>
    internal static long? MeasureFrequency(long counterFrom, long stopwatchFrom, long counterTo, long stopwatchTo)
    {
        long stopwatchTicks = stopwatchTo - stopwatchFrom;
        long counterTicks = counterTo - counterFrom;
        if (stopwatchTicks <= 0 || counterTicks <= 0) return null;
        long frequency = (long)((Int128)counterTicks * Stopwatch.Frequency / stopwatchTicks);
        // Any x64 CPU's TSC runs between these; outside them a reading was wrong.
        return frequency is >= 50_000_000 and <= 20_000_000_000 ? frequency : null;
    }

    /// <summary>
    /// The counter at the middle of a Stopwatch read: the tightest of a few brackets, so that a preemption between
    /// the reads (which would skew the frequency measured over a couple of milliseconds) is not the one used.
    /// </summary>
    private static void ReadBoth(out long counter, out long stopwatch)
    {
        long tightest = long.MaxValue;
        counter = stopwatch = 0;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long before = s_readCounter();
            long read = Stopwatch.GetTimestamp();
            long after = s_readCounter();
            if (after - before < tightest)
            {
                tightest = after - before;
                counter = before + (after - before) / 2;
                stopwatch = read;
            }
        }
    }

    private sealed class Anchor
    {
        internal readonly long Timestamp;
        internal readonly long UnixNanoseconds;
        internal readonly long Frequency;

        private Anchor(long timestamp, long unixNanoseconds, long frequency)
        {
            Timestamp = timestamp;
            UnixNanoseconds = unixNanoseconds;
            Frequency = frequency;
        }

        internal long ToNanoseconds(long ticks)
        {
            if (Frequency == NanosecondsPerSecond) return ticks;
            return (long)((Int128)ticks * NanosecondsPerSecond / Frequency);
        }

        internal static Anchor Capture(long frequency)
        {
            // Bracket the wall-clock read with two clock reads and pin it to their midpoint.
            long before = GetTimestamp();
            long utcTicks = DateTime.UtcNow.Ticks;
            long after = GetTimestamp();
            long unixNs = (utcTicks - DateTime.UnixEpoch.Ticks) * 100;
            return new Anchor(before + (after - before) / 2, unixNs, frequency);
        }
    }
}
