using DotnetTelemetry.Agent.Sinks;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Drain;

/// <summary>
/// The counters carried by an <c>agent_status</c> event, as flat attributes. The ring's counters are a
/// snapshot taken when the event is emitted; the sinks' are read when the drain converts it, right after
/// flushing every sink, so they account for every event before this one.
/// </summary>
internal sealed class AgentStatusPayload
{
    public required long RingWritten { get; init; }
    public required long RingDropped { get; init; }
    public required int RingCapacity { get; init; }
    public required IReadOnlyList<(string Name, ITelemetrySink Sink)> Sinks { get; init; }
    public required double UptimeSeconds { get; init; }

    public void AddTo(List<KeyValuePair<string, AttributeValue>> attributes)
    {
        attributes.Add(new("agent.version", Resources.RuntimeDetector.AgentVersion));
        attributes.Add(new("agent.uptime_s", Math.Round(UptimeSeconds, 3)));
        attributes.Add(new("agent.clock", Probes.ProbeClock.SourceName));
        attributes.Add(new("ring.capacity", (long)RingCapacity));
        attributes.Add(new("ring.written", RingWritten));
        attributes.Add(new("ring.dropped", RingDropped));
        foreach (var (name, sink) in Sinks)
        {
            var counters = sink.Counters;
            attributes.Add(new($"sink.{name}.exported", counters.Exported));
            attributes.Add(new($"sink.{name}.dropped", counters.Dropped));
            attributes.Add(new($"sink.{name}.failures", counters.Failures));
        }
    }
}
