using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Sinks;

/// <summary>
/// Builds the sinks named by <c>DOTNET_TELEMETRY_OUTPUT</c> in the format of <c>DOTNET_TELEMETRY_FORMAT</c>.
/// </summary>
/// <remarks>
/// Seams for the exporters (src/DotnetTelemetry.Otlp): <see cref="CreateOtlpSink"/> builds the OTLP sink and
/// <see cref="CreateFormatter"/> the ECS line format. Until they are wired, asking for either says so once on
/// stderr and the agent carries on with what it has (no OTLP sink; telemetry v3 lines).
/// </remarks>
internal static class SinkFactory
{
    public static IReadOnlyList<ITelemetrySink> Create(AgentConfig config, TextWriter? diagnostics = null)
    {
        diagnostics ??= Console.Error;
        if (Native.NativeIntegration.IsAttachedRun)
        {
            // Loaded by `dotnet-telemetry attach`: the events go to the CLI over EventPipe, never to the app's outputs.
            return new ITelemetrySink[] { Native.EventSourceSink.WithV3Lines() };
        }
        var sinks = new List<ITelemetrySink>();
        foreach (var output in config.Outputs)
        {
            var sink = output.Kind switch
            {
                OutputKind.Stdout => StreamSink.Stdout(CreateFormatter(config, diagnostics)),
                OutputKind.Stderr => StreamSink.Stderr(CreateFormatter(config, diagnostics)),
                OutputKind.File => new RotatingFileSink(output.Path!, config.FileMaxBytes, config.FileMaxFiles, CreateFormatter(config, diagnostics), diagnostics),
                OutputKind.Otlp => CreateOtlpSink(config, diagnostics),
                _ => null,
            };
            if (sink is not null)
            {
                sinks.Add(sink);
            }
        }
        return sinks;
    }

    /// <summary>One formatter per sink: formatters reuse buffers and are not shared.</summary>
    internal static ILineFormatter CreateFormatter(AgentConfig config, TextWriter diagnostics)
    {
        if (config.Format == OutputFormat.Ecs)
        {
            NotAvailable(diagnostics, "DOTNET_TELEMETRY_FORMAT=ecs is not available in this build; writing telemetry v3");
        }
        return new V3LineFormatter();
    }

    /// <summary>The OTLP exporter (configured by the standard OTEL_EXPORTER_OTLP_* variables).</summary>
    internal static ITelemetrySink? CreateOtlpSink(AgentConfig config, TextWriter diagnostics)
    {
        NotAvailable(diagnostics, "DOTNET_TELEMETRY_OUTPUT=otlp is not available in this build; no OTLP export");
        return null;
    }

    private static readonly HashSet<string> s_reported = new();

    /// <summary>Says once per process that a requested feature is missing from this build.</summary>
    private static void NotAvailable(TextWriter diagnostics, string message)
    {
        lock (s_reported)
        {
            if (!s_reported.Add(message))
            {
                return;
            }
        }
        diagnostics.WriteLine($"dotnet-telemetry: {message}");
    }
}
