using System.Text.Json;
using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Drain;
using DotnetTelemetry.Probes;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Tests;

/// <summary>The probes are process-wide: every test that records into the ring runs in this one serial collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RingCollection
{
    public const string Name = "probes ring";
}

/// <summary>Base for ring tests: enables the probes with a fresh, empty ring, and drains it through the real converter and JSON writer.</summary>
public abstract class RingTestBase : IDisposable
{
    protected RingTestBase()
    {
        ProbeRuntime.Configure(new ProbeConfiguration { Enabled = true, Sampler = SamplerKind.AlwaysOn, RingCapacity = 1 << 14 });
        while (ProbeRuntime.Ring.TryRead(out _, out _))
        {
        }
    }

    public virtual void Dispose()
    {
        ProbeRuntime.Disable();
        while (ProbeRuntime.Ring.TryRead(out _, out _))
        {
        }
    }

    /// <summary>Drains the ring into parsed JSON events (the real v3 writer formats them).</summary>
    internal static List<JsonElement> Drain(AgentConfig? config = null, ResourceInfo? resource = null)
    {
        var sink = new CapturingSink();
        var converter = new EventConverter(config ?? new AgentConfig()) { Resource = resource };
        var drain = new DrainThread(() => ProbeRuntime.Ring, new[] { sink }, converter, null, Array.Empty<PeriodicChore>());
        while (drain.DrainBatch() > 0)
        {
        }
        return sink.Events;
    }

    /// <summary>Formats each event with the schema's writer and keeps the parsed line (the event object itself is reused).</summary>
    internal sealed class CapturingSink : ITelemetrySink
    {
        private readonly TelemetryJsonWriter _writer = new();

        public List<JsonElement> Events { get; } = new();

        public string Name => "capture";

        public SinkCounters Counters => new(Events.Count, 0, 0);

        public void Write(TelemetryEvent telemetryEvent)
        {
            using var document = JsonDocument.Parse(_writer.Format(telemetryEvent).ToArray());
            Events.Add(document.RootElement.Clone());
        }

        public void Flush(TimeSpan timeout)
        {
        }

        public void Dispose()
        {
        }
    }
}

internal static class JsonElementExtensions
{
    public static string? Str(this JsonElement element, params string[] path)
    {
        foreach (string name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Null => null,
            _ => element.GetRawText(),
        };
    }
}
