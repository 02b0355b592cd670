using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Probes.Tests;

/// <summary>Tests that touch the process-wide probe state (enabled flag, sampler, ring) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProbeStateCollection
{
    public const string Name = "probe state";
}

/// <summary>One recorded event as the tests see it.</summary>
internal readonly record struct Recorded(EventRecord Record, object? Payload);

internal static class ProbeTestSupport
{
    /// <summary>Configures the probes, empties this thread's current span and the ring.</summary>
    internal static void Configure(SamplerKind sampler = SamplerKind.AlwaysOn, double ratio = 1.0, bool enabled = true,
        int capacity = ProbeConfiguration.DefaultRingCapacity)
    {
        ProbeRuntime.Configure(new ProbeConfiguration { Sampler = sampler, SamplerRatio = ratio, Enabled = enabled, RingCapacity = capacity });
        ClearThread();
        Drain();
    }

    internal static void ClearThread() => ThreadState.CurrentOrNull?.Clear();

    internal static List<Recorded> Drain()
    {
        var events = new List<Recorded>();
        while (ProbeRuntime.Ring.TryRead(out var record, out var payload))
        {
            events.Add(new Recorded(record, payload));
        }
        return events;
    }

    internal static SpanContext Current => ProbeRuntime.CurrentSpan;
}
