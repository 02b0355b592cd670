using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Benchmarks;

/// <summary>The probe configurations the per-call benchmarks (sync and async) compare, in one place.</summary>
internal static class ProbeModes
{
    /// <summary>
    /// Configures the probes as <paramref name="mode"/> says; returns the drain the recorded modes need (null for
    /// the others). "not-woven" and "activity" leave the probes untouched.
    /// </summary>
    public static Drain? Apply(string mode, int ringCapacity)
    {
        switch (mode)
        {
            case "disabled":
                ProbeRuntime.Configure(new ProbeConfiguration { Enabled = false });
                return null;
            case "not-sampled":
                ProbeRuntime.Configure(new ProbeConfiguration { Sampler = SamplerKind.AlwaysOff });
                return null;
            case "recorded":
            case "recorded-child":
                ProbeRuntime.Configure(new ProbeConfiguration { Sampler = SamplerKind.AlwaysOn, RingCapacity = ringCapacity });
                return new Drain();
            case "recorded-no-drain": // repro loop only: producer cost alone, the ring must hold every event
                ProbeRuntime.Configure(new ProbeConfiguration { Sampler = SamplerKind.AlwaysOn, RingCapacity = ringCapacity });
                return null;
            default:
                return null;
        }
    }
}
