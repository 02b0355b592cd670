using DotnetTelemetry.Otlp;
using DotnetTelemetry.Otlp.Delivery;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Cli.Attach;

/// <summary>Where `attach` puts the events it receives (one telemetry v3 JSON line each).</summary>
internal abstract class AttachOutput : IDisposable
{
    /// <summary>Called from the session's reader thread only.</summary>
    public abstract void Write(string line);

    public abstract void Flush();

    public virtual void Dispose()
    {
    }

    /// <summary>`-o -` (stdout), `-o otlp` (the OTEL_EXPORTER_OTLP_* endpoint) or `-o &lt;file&gt;`.</summary>
    public static AttachOutput Open(string output, TextWriter diagnostics)
    {
        if (output == "-")
        {
            return new NdjsonOutput(Console.Out, ownsWriter: false);
        }
        if (output.Equals("otlp", StringComparison.OrdinalIgnoreCase))
        {
            var options = OtlpExporterOptions.FromEnvironment();
            foreach (string error in options.Errors)
            {
                diagnostics.WriteLine($"dotnet-telemetry attach: {error}");
            }
            return new OtlpOutput(new OtlpSink(options, diagnostics: line => diagnostics.WriteLine($"dotnet-telemetry attach: {line}")), diagnostics);
        }
        return new NdjsonOutput(new StreamWriter(output, append: false), ownsWriter: true);
    }
}

/// <summary>The lines as they come: NDJSON on stdout or in a file.</summary>
internal sealed class NdjsonOutput : AttachOutput
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;

    public NdjsonOutput(TextWriter writer, bool ownsWriter)
    {
        _writer = writer;
        _ownsWriter = ownsWriter;
    }

    public override void Write(string line) => _writer.WriteLine(line);

    public override void Flush() => _writer.Flush();

    public override void Dispose()
    {
        if (_ownsWriter)
        {
            _writer.Dispose();
        }
    }
}

/// <summary>The events exported as OTLP (entry/exit pairs become spans), through the same exporter as the agent's.</summary>
internal sealed class OtlpOutput : AttachOutput
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(10);
    private readonly OtlpSink _sink;
    private readonly TextWriter _diagnostics;
    private int _unreadable;

    public OtlpOutput(OtlpSink sink, TextWriter diagnostics)
    {
        _sink = sink;
        _diagnostics = diagnostics;
    }

    public override void Write(string line)
    {
        if (TelemetryEventReader.TryParse(line, out var telemetryEvent, out string? error) && telemetryEvent is not null)
        {
            _sink.Write(telemetryEvent);
        }
        else if (Interlocked.Increment(ref _unreadable) == 1)
        {
            _diagnostics.WriteLine($"dotnet-telemetry attach: an event could not be read for OTLP ({error}); such events are skipped");
        }
    }

    public override void Flush() => _sink.ForceFlush(FlushTimeout);

    public override void Dispose() => _sink.Dispose();
}
