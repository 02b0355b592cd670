using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Otlp;
using DotnetTelemetry.Otlp.Delivery;
using DotnetTelemetry.Otlp.Ecs;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Sinks;

/// <summary>
/// Builds the sinks named by <c>DOTNET_TELEMETRY_OUTPUT</c> in the format of <c>DOTNET_TELEMETRY_FORMAT</c>.
/// </summary>
/// <remarks>
/// OTLP and the ECS line format come from src/DotnetTelemetry.Otlp (<see cref="CreateOtlpSink"/>, <see cref="CreateFormatter"/>);
/// their configuration problems are reported on <paramref name="diagnostics"/> and the defaults are used.
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
            var options = EcsOptions.FromEnvironment();
            foreach (var error in options.Errors)
            {
                diagnostics.WriteLine($"dotnet-telemetry: {error}");
            }
            return new EcsLineFormatter(new EcsFormatter(options));
        }
        return new V3LineFormatter();
    }

    /// <summary>The OTLP exporter (configured by the standard OTEL_EXPORTER_OTLP_* variables), bounded by the exit flush time.</summary>
    internal static ITelemetrySink? CreateOtlpSink(AgentConfig config, TextWriter diagnostics)
    {
        var options = OtlpExporterOptions.FromEnvironment();
        foreach (var error in options.Errors)
        {
            diagnostics.WriteLine($"dotnet-telemetry: {error}");
        }
        options.ShutdownTimeout = config.ExitFlushTimeout;
        return new OtlpSink(options, resource: null, message => diagnostics.WriteLine($"dotnet-telemetry: {message}"));
    }

    /// <summary>ECS lines from src/DotnetTelemetry.Otlp's formatter.</summary>
    private sealed class EcsLineFormatter(EcsFormatter formatter) : ILineFormatter
    {
        public ReadOnlySpan<byte> Format(TelemetryEvent telemetryEvent) => formatter.Format(telemetryEvent);
    }
}
