using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Sinks;

/// <summary>Turns one event into one NDJSON line (UTF-8, ending in '\n'); the span is valid until the next call.</summary>
internal interface ILineFormatter
{
    ReadOnlySpan<byte> Format(TelemetryEvent telemetryEvent);
}
/// <summary>The telemetry v3 line format (the schema's own writer).</summary>
internal sealed class V3LineFormatter : ILineFormatter
{
    private readonly TelemetryJsonWriter _writer = new();

    public ReadOnlySpan<byte> Format(TelemetryEvent telemetryEvent) => _writer.Format(telemetryEvent);
}
