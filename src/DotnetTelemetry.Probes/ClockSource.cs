namespace DotnetTelemetry.Probes;

/// <summary>Where the probes' timestamps come from (<see cref="ProbeConfiguration.Clock"/>).</summary>
public enum ClockSource
{
    /// <summary>
    /// The CPU's timestamp counter where the kernel itself keeps time with it (x64 Linux, invariant TSC,
    /// clock source <c>tsc</c>): about half the cost of a Stopwatch read. Stopwatch everywhere else.
    /// </summary>
    Automatic = 0,

    /// <summary>Always <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> (the monotonic clock).</summary>
    Stopwatch = 1,
}
