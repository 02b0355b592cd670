using System.Buffers;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp;

/// <summary>
/// Turns one event into one self-contained JSON document (no trailing newline), so a line-oriented
/// sink (stdout, stderr, a rotating file) can write any format: the agent's NDJSON sinks call it for
/// <c>DOTNET_TELEMETRY_FORMAT=ecs</c>. Called from one thread; implementations may reuse buffers.
/// </summary>
public interface IEventFormatter
{
    /// <summary>Short name of the format, e.g. "ecs".</summary>
    string Name { get; }

    void Format(TelemetryEvent telemetryEvent, IBufferWriter<byte> output);
}
