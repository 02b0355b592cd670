using System.Diagnostics;
using DotnetTelemetry.Otlp.Model;
using DotnetTelemetry.Otlp.Wire;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp.Delivery;

/// <summary>
/// Owns the background thread that batches, encodes and posts spans and log records. Producers only
/// touch the bounded <see cref="ExportQueue"/>; all waiting on the network happens here. Retries only
/// 429/502/503/504 and unreachable receivers (Retry-After honoured, else backoff with jitter), bounded
/// in attempts and total time; every item ends up counted as exported or dropped.
/// </summary>
internal sealed class OtlpExporter : IDisposable
{
    private readonly OtlpExporterOptions _options;
    private readonly IOtlpTransport _transport;
    private readonly Func<ResourceSnapshot> _resource;
    private readonly Action<string> _diagnostics;
    private readonly ExportQueue _queue;
    private readonly RetryPolicy _retry;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly HashSet<string> _reported = new();
    private long _exported;
    private long _dropped;
    private long _failures;
    private int _disposed;

    public OtlpExporter(OtlpExporterOptions options, IOtlpTransport transport, Func<ResourceSnapshot> resource, Action<string> diagnostics)
    {
        _options = options;
        _transport = transport;
        _resource = resource;
        _diagnostics = diagnostics;
        _queue = new ExportQueue(options.MaxQueueSize, options.MaxExportBatchSize);
        _retry = new RetryPolicy(options);
        _thread = new Thread(Run) { IsBackground = true, Name = "dotnet-telemetry-otlp-exporter" };
        _thread.Start();
    }

    public SinkCounters Counters => new(Interlocked.Read(ref _exported), Interlocked.Read(ref _dropped), Interlocked.Read(ref _failures));

    /// <summary>Never blocks; a full queue drops the span (counted).</summary>
    public void Add(OtlpSpan span)
    {
        if (!_queue.TryAdd(span)) Drop(1, "export queue full: dropping spans and log records until the receiver catches up");
    }

    public void Add(OtlpLogRecord log)
    {
        if (!_queue.TryAdd(log)) Drop(1, "export queue full: dropping spans and log records until the receiver catches up");
    }

    public void CountDropped(long count) => Interlocked.Add(ref _dropped, count);

    public void RequestFlush() => _queue.RequestFlush();

    public bool FlushAndWait(TimeSpan timeout) => _queue.FlushAndWait(timeout);

    private void Run()
    {
        SelfInstrumentation.SuppressOnCurrentThread();
        var spans = new List<OtlpSpan>();
        var logs = new List<OtlpLogRecord>();
        try
        {
            while (_queue.TakeBatch(_options.MaxExportBatchSize, _options.ScheduleDelay, spans, logs))
            {
                if (spans.Count > 0) Export(spans.Count, () => EncodeTraces(spans), _options.TracesEndpoint);
                if (logs.Count > 0) Export(logs.Count, () => EncodeLogs(logs), _options.LogsEndpoint);
                int handled = spans.Count + logs.Count;
                spans.Clear();
                logs.Clear();
                if (handled > 0) _queue.MarkCompleted(handled);
            }
        }
        catch (Exception e)
        {
            // Never let the exporter take the app down; what is left is counted as dropped.
            Report("exporter-crash", $"OTLP exporter stopped: {e.GetType().Name}: {e.Message}");
            Drop(_queue.Clear(), null);
        }
    }

    private byte[] EncodeTraces(List<OtlpSpan> spans)
    {
        var batch = new ExportBatch(_resource(), spans, Array.Empty<OtlpLogRecord>());
        return _options.Protocol == OtlpProtocol.HttpJson ? JsonEncoder.EncodeTraces(batch) : ProtobufEncoder.EncodeTraces(batch);
    }

    private byte[] EncodeLogs(List<OtlpLogRecord> logs)
    {
        var batch = new ExportBatch(_resource(), Array.Empty<OtlpSpan>(), logs);
        return _options.Protocol == OtlpProtocol.HttpJson ? JsonEncoder.EncodeLogs(batch) : ProtobufEncoder.EncodeLogs(batch);
    }

    /// <summary>One batch, start to finish; whatever goes wrong costs this batch only, never the exporter thread.</summary>
    private void Export(int count, Func<byte[]> encode, Uri endpoint)
    {
        try
        {
            ExportWithRetry(count, encode(), endpoint);
        }
        catch (Exception e)
        {
            GiveUp(count, $"OTLP export failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private void ExportWithRetry(int count, byte[] body, Uri endpoint)
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 1; ; attempt++)
        {
            var result = _transport.Send(endpoint, body, _shutdown.Token);
            switch (result.Outcome)
            {
                case ExportOutcome.Success:
                    Delivered(count, result.PartialSuccess, endpoint);
                    return;
                case ExportOutcome.Failed:
                    GiveUp(count, $"OTLP export rejected, not retried: {result.Error}");
                    return;
            }
            var delay = _retry.DelayBefore(attempt + 1, result.RetryAfter);
            bool outOfAttempts = attempt >= _options.MaxAttempts;
            bool outOfTime = clock.Elapsed + delay > _options.MaxRetryTime;
            if (outOfAttempts || outOfTime || _shutdown.IsCancellationRequested)
            {
                GiveUp(count, $"OTLP export failed after {attempt} attempt(s): {result.Error}");
                return;
            }
            if (_shutdown.Token.WaitHandle.WaitOne(delay))
            {
                GiveUp(count, $"OTLP export abandoned at shutdown: {result.Error}");
                return;
            }
        }
    }

    private void Delivered(int count, PartialSuccess partial, Uri endpoint)
    {
        long rejected = Math.Clamp(partial.Rejected, 0, count);
        Interlocked.Add(ref _exported, count - rejected);
        if (rejected > 0) Interlocked.Add(ref _dropped, rejected);
        if (!partial.IsEmpty)
            Report("partial-success", $"OTLP receiver {endpoint} accepted the export partially: {partial.Rejected} rejected; {partial.ErrorMessage}");
    }

    private void GiveUp(int count, string message)
    {
        Interlocked.Increment(ref _failures);
        Drop(count, message);
    }

    private void Drop(long count, string? message)
    {
        Interlocked.Add(ref _dropped, count);
        if (message is not null) Report(message, message);
    }

    /// <summary>Each kind of problem is reported once, so a dead receiver does not flood the diagnostics.</summary>
    private void Report(string kind, string message)
    {
        lock (_reported)
        {
            if (_reported.Count > 100 || !_reported.Add(kind)) return;
        }
        // Endpoints (and the runtime's messages about them) may carry user:password@: never printed.
        try { _diagnostics(Redaction.UrlCredentials.Redact(message)); } catch { /* diagnostics must never break export */ }
    }

    /// <summary>Sends what is queued, waiting at most <see cref="OtlpExporterOptions.ShutdownTimeout"/>; then stops.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // Everything handled, or the shutdown budget is spent...
        _queue.FlushAndWait(_options.ShutdownTimeout);
        // ...then whatever is still in flight or waiting for a retry gives up at once (counted as dropped).
        _queue.Stop();
        _shutdown.Cancel();
        _thread.Join(TimeSpan.FromMilliseconds(500));
        Drop(_queue.Clear(), null);
        _transport.Dispose();
    }
}
