using System.Diagnostics;

namespace DotnetTelemetry.Probes;

/// <summary>
/// The probes' clock. The hot path reads <see cref="Stopwatch.GetTimestamp"/> once per probe; the drain
/// thread turns those ticks into Unix nanoseconds with an anchor (a wall-clock instant taken at a known
/// Stopwatch timestamp), off the app's threads.
/// </summary>
public static class ProbeClock
{
    private const long NanosecondsPerSecond = 1_000_000_000;
    private static Anchor s_anchor = Anchor.Capture();

    /// <summary>Stopwatch ticks per second.</summary>
    public static long Frequency => Stopwatch.Frequency;

    /// <summary>The current Stopwatch timestamp (the unit of <see cref="EventRecord.Timestamp"/>).</summary>
    public static long GetTimestamp() => Stopwatch.GetTimestamp();

    /// <summary>The anchor in use: Unix nanoseconds at Stopwatch timestamp <paramref name="timestamp"/>.</summary>
    public static void GetAnchor(out long timestamp, out long unixNanoseconds)
    {
        var anchor = Volatile.Read(ref s_anchor);
        timestamp = anchor.Timestamp;
        unixNanoseconds = anchor.UnixNanoseconds;
    }

    /// <summary>Converts a Stopwatch timestamp to nanoseconds since the Unix epoch (UTC).</summary>
    public static long ToUnixNanoseconds(long timestamp)
    {
        var anchor = Volatile.Read(ref s_anchor);
        return anchor.UnixNanoseconds + ToNanoseconds(timestamp - anchor.Timestamp);
    }

    /// <summary>Converts a Stopwatch tick count (a duration, may be negative) to nanoseconds.</summary>
    public static long ToNanoseconds(long ticks)
    {
        long frequency = Stopwatch.Frequency;
        if (frequency == NanosecondsPerSecond) return ticks;
        return (long)((Int128)ticks * NanosecondsPerSecond / frequency);
    }

    /// <summary>
    /// Takes a fresh anchor, so that the monotonic clock's drift against wall-clock time (NTP slews,
    /// suspend) does not accumulate in long-running processes. The drain thread may call it now and then.
    /// </summary>
    public static void Recalibrate() => Volatile.Write(ref s_anchor, Anchor.Capture());

    private sealed class Anchor
    {
        internal readonly long Timestamp;
        internal readonly long UnixNanoseconds;

        private Anchor(long timestamp, long unixNanoseconds)
        {
            Timestamp = timestamp;
            UnixNanoseconds = unixNanoseconds;
        }

        internal static Anchor Capture()
        {
            // Bracket the wall-clock read with two monotonic reads and pin it to their midpoint.
            long before = Stopwatch.GetTimestamp();
            long utcTicks = DateTime.UtcNow.Ticks;
            long after = Stopwatch.GetTimestamp();
            long unixNs = (utcTicks - DateTime.UnixEpoch.Ticks) * 100;
            return new Anchor(before + (after - before) / 2, unixNs);
        }
    }
}
