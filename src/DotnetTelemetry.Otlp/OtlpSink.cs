using DotnetTelemetry.Otlp.Delivery;
using DotnetTelemetry.Otlp.Mapping;
using DotnetTelemetry.Otlp.Wire;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp;

/// <summary>
/// Sends events to an OpenTelemetry receiver over OTLP/HTTP: entry/exit pairs become spans, other
/// events log records or span events (see <see cref="SpanAssembler"/>). <see cref="Write"/> and
/// <see cref="Flush"/> never wait on the network: finished spans go into a bounded queue that a
/// background thread batches and posts. Independent of the agent, so the CLI can use it too.
/// </summary>
public sealed class OtlpSink : ITelemetrySink
{
    private readonly SpanAssembler _assembler;
    private readonly OtlpExporter _exporter;
    private ResourceSnapshot _resource;
    private ResourceInfo? _resourceSource;
    private long _writeErrors;
    private int _disposed;

    /// <param name="options">Endpoint, protocol, headers...; <see cref="OtlpExporterOptions.FromEnvironment"/> reads the OTEL_* variables.</param>
    /// <param name="resource">The process's resource; when null, taken from the first event that carries one.</param>
    /// <param name="diagnostics">Where to report export problems (each kind once); nothing is written when null.</param>
    public OtlpSink(OtlpExporterOptions options, ResourceInfo? resource = null, Action<string>? diagnostics = null)
        : this(options, new HttpOtlpTransport(options), resource, diagnostics)
    {
    }

    internal OtlpSink(OtlpExporterOptions options, IOtlpTransport transport, ResourceInfo? resource, Action<string>? diagnostics)
    {
        _resourceSource = resource;
        _resource = ResourceMapper.Snapshot(resource);
        _exporter = new OtlpExporter(options, transport, () => Volatile.Read(ref _resource), diagnostics ?? (_ => { }));
        _assembler = new SpanAssembler(options.MaxOpenSpans, _exporter.Add, _exporter.Add);
    }

    public string Name => "otlp";

    /// <summary>Exported: spans and log records the receiver accepted. Dropped: those lost (queue full, export failed, rejected). Failures: batches given up on.</summary>
    public SinkCounters Counters
    {
        get
        {
            var counters = _exporter.Counters;
            return counters with { Dropped = counters.Dropped + Interlocked.Read(ref _writeErrors) };
        }
    }

    /// <summary>Function/HTTP entries that could not be held open (the bound was reached); their exits still became spans.</summary>
    public long UntrackedEntries => _assembler.UntrackedEntries;

    public void Write(TelemetryEvent telemetryEvent)
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        try
        {
            if (telemetryEvent.Resource is { } resource && !ReferenceEquals(resource, _resourceSource))
            {
                _resourceSource = resource;
                Volatile.Write(ref _resource, ResourceMapper.Snapshot(resource));
            }
            _assembler.Add(telemetryEvent);
        }
        catch (Exception)
        {
            // A sink never throws into the drain thread: count the event as lost.
            Interlocked.Increment(ref _writeErrors);
        }
    }

    /// <summary>
    /// Called after each drained batch: the exporter already holds everything finished, and sends on
    /// its own schedule (a full batch, or OTEL_BSP_SCHEDULE_DELAY), so this returns at once and never
    /// waits on the network. Use <see cref="ForceFlush"/> to wait for delivery.
    /// </summary>
    public void Flush(TimeSpan timeout)
    {
    }

    /// <summary>Sends everything finished so far and waits at most <paramref name="timeout"/> for it to be handled.</summary>
    public bool ForceFlush(TimeSpan timeout) => _exporter.FlushAndWait(timeout);

    /// <summary>Emits the spans still open (marked unfinished), then delivers within the shutdown timeout.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            _assembler.CloseAll(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _writeErrors);
        }
        _exporter.Dispose();
    }
}
