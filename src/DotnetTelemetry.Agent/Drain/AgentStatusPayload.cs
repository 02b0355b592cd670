using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Drain;

/// <summary>The counters carried by an <c>agent_status</c> event, as flat attributes.</summary>
internal sealed class AgentStatusPayload
{
    public required long RingWritten { get; init; }
    public required long RingDropped { get; init; }
    public required int RingCapacity { get; init; }
    public required IReadOnlyList<(string Name, SinkCounters Counters)> Sinks { get; init; }
    public required double UptimeSeconds { get; init; }

    public void AddTo(List<KeyValuePair<string, AttributeValue>> attributes)
    {
        attributes.Add(new("agent.version", Resources.RuntimeDetector.AgentVersion));
        attributes.Add(new("agent.uptime_s", Math.Round(UptimeSeconds, 3)));
        attributes.Add(new("ring.capacity", (long)RingCapacity));
        attributes.Add(new("ring.written", RingWritten));
        attributes.Add(new("ring.dropped", RingDropped));
        foreach (var (name, counters) in Sinks)
        {
            attributes.Add(new($"sink.{name}.exported", counters.Exported));
            attributes.Add(new($"sink.{name}.dropped", counters.Dropped));
            attributes.Add(new($"sink.{name}.failures", counters.Failures));
        }
    }
}
