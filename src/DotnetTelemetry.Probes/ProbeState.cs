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

    /// <summary>
    /// <see cref="Enabled"/> and a sampler that may keep a call (not <c>always_off</c>): the one check a
    /// woven entry makes before anything else, so that a process tracing nothing pays a load and a branch.
    /// Kept in step by <see cref="SetEnabled"/> and <see cref="SetSampler"/>.
    /// </summary>
    internal static volatile bool CallsRecordable;

    /// <summary>The ring producers write to. Small until configured (nothing writes before that).</summary>
    internal static EventRing Ring = new(EventRing.MinCapacity);

    internal static Sampler Sampler = Sampler.Default;

    internal static void SetEnabled(bool enabled)
    {
        Enabled = enabled;
        CallsRecordable = enabled && !Volatile.Read(ref Sampler).KeepsNothing;
    }

    internal static void SetSampler(Sampler sampler)
    {
        Volatile.Write(ref Sampler, sampler);
        CallsRecordable = Enabled && !sampler.KeepsNothing;
    }
}
