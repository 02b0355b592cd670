namespace DotnetTelemetry.Probes;

/// <summary>The process-wide switches the hot path reads: each probe costs one load of <see cref="Enabled"/> when off.</summary>
internal static class ProbeState
{
    /// <summary>
    /// Off until the agent configures the probes, so woven code in a process without the agent stays dormant.
    /// Volatile so the JIT never hoists the check out of a loop that inlined a woven method (a plain load on x64);
    /// a probe that races a switch records or skips one more call, nothing worse.
    /// </summary>
    internal static volatile bool Enabled;

    /// <summary>The ring producers write to. Small until configured (nothing writes before that).</summary>
    internal static EventRing Ring = new(EventRing.MinCapacity);

    internal static Sampler Sampler = Sampler.Default;
}
