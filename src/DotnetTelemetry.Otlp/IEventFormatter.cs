using System.Buffers;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp;

/// <summary>
/// Turns one event into one NDJSON line, so a line-oriented sink (stdout, stderr, a rotating file)
/// can write either format: <see cref="TelemetryV3Formatter"/> (the default) or
/// <see cref="Ecs.EcsFormatter"/> (<c>DOTNET_TELEMETRY_FORMAT=ecs</c>). Same shape as Schema's
/// <see cref="TelemetryJsonWriter"/>. Not thread-safe: one formatter per thread (the drain thread).
/// </summary>
public interface IEventFormatter
{
    /// <summary>"v3" or "ecs".</summary>
    string Name { get; }

    /// <summary>One event as one line ending in '\n'; the span is valid until the next call. Throws only on a bug.</summary>
    ReadOnlySpan<byte> Format(TelemetryEvent telemetryEvent);
}

/// <summary>The formatters by their <c>DOTNET_TELEMETRY_FORMAT</c> names.</summary>
public static class EventFormatters
{
    /// <summary>"v3" (or empty) and "ecs"; null for anything else.</summary>
    public static IEventFormatter? Create(string? format, Func<string, string?>? getVariable = null) =>
        (format ?? "v3").Trim().ToLowerInvariant() switch
        {
            "" or "v3" => new TelemetryV3Formatter(),
            "ecs" => new Ecs.EcsFormatter(Ecs.EcsOptions.Parse(getVariable ?? Environment.GetEnvironmentVariable)),
            _ => null,
        };

    /// <summary>Appends one line to <paramref name="output"/>.</summary>
    public static void WriteLine(this IEventFormatter formatter, TelemetryEvent telemetryEvent, IBufferWriter<byte> output) =>
        output.Write(formatter.Format(telemetryEvent));
}

/// <summary>Telemetry v3 NDJSON through Schema's <see cref="TelemetryJsonWriter"/>.</summary>
public sealed class TelemetryV3Formatter : IEventFormatter
{
    private readonly TelemetryJsonWriter _writer = new();

    public string Name => "v3";

    public ReadOnlySpan<byte> Format(TelemetryEvent telemetryEvent) => _writer.Format(telemetryEvent);
}
