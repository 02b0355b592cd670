namespace DotnetTelemetry.Probes;

/// <summary>The process-wide switches the hot path reads: each probe costs one load of <see cref="Enabled"/> when off.</summary>
internal static class ProbeState
{
    /// <summary>
    /// Off until the agent configures the probes, so woven code in a process without the agent stays dormant.
    /// A plain field: a probe that sees a stale value for a moment records or skips one more event, nothing worse.
    /// </summary>
    internal static bool Enabled;

    /// <summary>The ring producers write to. Small until configured (nothing writes before that).</summary>
    internal static EventRing Ring = new(EventRing.MinCapacity);

    internal static Sampler Sampler = Sampler.Default;
}
