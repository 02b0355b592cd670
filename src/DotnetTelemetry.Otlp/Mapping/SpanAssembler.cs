using DotnetTelemetry.Otlp.Model;
using DotnetTelemetry.Schema;
using static DotnetTelemetry.Otlp.Mapping.SemanticConventions;

namespace DotnetTelemetry.Otlp.Mapping;

/// <summary>
/// Turns the event stream into OTLP spans and log records. Entry events (function_entry, http_request)
/// open a span held in a bounded map keyed by span id; the matching exit closes and emits it. Finer
/// events and exceptions inside an open span become its span events; everything else becomes a log record.
/// <para>
/// An exit carries its duration, so an exit whose entry is not held (the map was full, or the entry
/// came before the exporter started) still gives a complete span. Spans still open at shutdown are
/// emitted by <see cref="CloseAll"/> with <c>dotnet_telemetry.span.unfinished = true</c>.
/// </para>
/// Called from one thread only (the agent's drain thread).
/// </summary>
internal sealed class SpanAssembler
{
    private readonly Dictionary<ulong, OtlpSpan> _openSpans = new();
    private readonly int _maxOpenSpans;
    private readonly Action<OtlpSpan> _emitSpan;
    private readonly Action<OtlpLogRecord> _emitLog;

    public SpanAssembler(int maxOpenSpans, Action<OtlpSpan> emitSpan, Action<OtlpLogRecord> emitLog)
    {
        _maxOpenSpans = Math.Max(1, maxOpenSpans);
        _emitSpan = emitSpan;
        _emitLog = emitLog;
    }

    /// <summary>Entries not held because the open-span map was full (their exits still become spans).</summary>
    public long UntrackedEntries { get; private set; }

    public int OpenSpanCount => _openSpans.Count;

    public void Add(TelemetryEvent e)
    {
        switch (e.EventType)
        {
            case EventType.FunctionEntry:
                Open(e, NewFunctionSpan(e, e.TimestampUnixNanos));
                break;
            case EventType.FunctionExit:
                CloseFunction(e);
                break;
            case EventType.HttpRequest:
                Open(e, NewHttpSpan(e, e.TimestampUnixNanos));
                break;
            case EventType.HttpResponse:
                CloseHttp(e);
                break;
            case EventType.ExceptionEntry:
            case EventType.ExceptionExit:
                AddException(e);
                break;
            case EventType.LoopEntry:
            case EventType.LoopExit:
            case EventType.ConditionalEntry:
            case EventType.ConditionalExit:
            case EventType.VariableChange:
                AddFinerEvent(e);
                break;
            default:
                _emitLog(NewLogRecord(e));
                break;
        }
    }

    /// <summary>Emits every span still open, marked unfinished, ending at <paramref name="nowUnixNanos"/>.</summary>
    public void CloseAll(long nowUnixNanos)
    {
        foreach (var span in _openSpans.Values)
        {
            span.EndUnixNanos = Math.Max(span.StartUnixNanos, nowUnixNanos);
            span.Attributes.Add(SpanUnfinished, true);
            _emitSpan(span);
        }
        _openSpans.Clear();
    }

    private void Open(TelemetryEvent e, OtlpSpan span)
    {
        if (_openSpans.Count >= _maxOpenSpans && !_openSpans.ContainsKey(e.SpanId.Value))
        {
            UntrackedEntries++;
            return;
        }
        _openSpans[e.SpanId.Value] = span;
    }

    private OtlpSpan? TakeOpen(SpanId spanId) =>
        _openSpans.Remove(spanId.Value, out var span) ? span : null;

    private void CloseFunction(TelemetryEvent e)
    {
        var open = TakeOpen(e.SpanId);
        var span = open ?? NewFunctionSpan(e, StartFromDuration(e));
        span.EndUnixNanos = Math.Max(span.StartUnixNanos, e.TimestampUnixNanos);
        if (open is not null) CopyAttributes(e, span.Attributes);
        if (e.Error is { } error) MarkFailed(span, error, e.TimestampUnixNanos);
        _emitSpan(span);
    }

    private void CloseHttp(TelemetryEvent e)
    {
        var span = TakeOpen(e.SpanId) ?? NewHttpSpan(e, StartFromDuration(e));
        span.EndUnixNanos = Math.Max(span.StartUnixNanos, e.TimestampUnixNanos);
        if (e.HttpResponse is { } response) HttpSpanMapper.AddResponse(span, response);
        CopyAttributes(e, span.Attributes);
        if (e.Error is { } error) MarkFailed(span, error, e.TimestampUnixNanos);
        _emitSpan(span);
    }

    private static long StartFromDuration(TelemetryEvent e) => e.TimestampUnixNanos - Math.Max(0, e.DurationNanos ?? 0);

    private void AddException(TelemetryEvent e)
    {
        var span = FindOpen(e);
        if (span is null)
        {
            _emitLog(NewLogRecord(e));
            return;
        }
        // exception_entry is the semconv "exception" event; exception_exit (caught) keeps its own name.
        var name = e.EventType == EventType.ExceptionEntry ? ExceptionEventName : e.EventType.ToWireName();
        var spanEvent = new OtlpSpanEvent { TimeUnixNanos = e.TimestampUnixNanos, Name = name };
        if (e.Error is { } error) AddExceptionAttributes(spanEvent.Attributes, error);
        CopyAttributes(e, spanEvent.Attributes);
        AddEvent(span, spanEvent);
    }

    private void AddFinerEvent(TelemetryEvent e)
    {
        var span = FindOpen(e);
        if (span is null)
        {
            _emitLog(NewLogRecord(e));
            return;
        }
        var spanEvent = new OtlpSpanEvent { TimeUnixNanos = e.TimestampUnixNanos, Name = e.EventType.ToWireName() };
        if (e.SourceLine > 0) spanEvent.Attributes.Add(CodeLineNumber, (long)e.SourceLine);
        spanEvent.Attributes.AddIfPresent("dotnet_telemetry.duration_ns", e.DurationNanos);
        CopyAttributes(e, spanEvent.Attributes);
        AddEvent(span, spanEvent);
    }

    /// <summary>The event's own span if open, else its parent (events may carry either, depending on the source).</summary>
    private OtlpSpan? FindOpen(TelemetryEvent e)
    {
        if (!e.SpanId.IsEmpty && _openSpans.TryGetValue(e.SpanId.Value, out var own)) return own;
        if (!e.ParentSpanId.IsEmpty && _openSpans.TryGetValue(e.ParentSpanId.Value, out var parent)) return parent;
        return null;
    }

    private static void AddEvent(OtlpSpan span, OtlpSpanEvent spanEvent)
    {
        if (span.Events.Count >= OtlpLimits.MaxEventsPerSpan) span.DroppedEvents++;
        else span.Events.Add(spanEvent);
    }

    /// <summary>Status ERROR, error.type, and one "exception" event (unless one for the same exception is there).</summary>
    private static void MarkFailed(OtlpSpan span, ErrorInfo error, long timeUnixNanos)
    {
        span.StatusCode = OtlpStatusCode.Error;
        span.StatusMessage = error.Message;
        if (!span.Attributes.Exists(a => a.Key == ErrorType)) span.Attributes.Add(ErrorType, error.Type);
        bool alreadyRecorded = span.Events.Exists(ev => ev.Name == ExceptionEventName
            && ev.Attributes.Exists(a => a.Key == ExceptionType && a.Value.Scalar.Text == error.Type));
        if (alreadyRecorded) return;
        var spanEvent = new OtlpSpanEvent { TimeUnixNanos = timeUnixNanos, Name = ExceptionEventName };
        AddExceptionAttributes(spanEvent.Attributes, error);
        AddEvent(span, spanEvent);
    }

    private static void AddExceptionAttributes(OtlpAttributes attributes, ErrorInfo error)
    {
        attributes.AddIfPresent(ExceptionType, error.Type);
        attributes.AddIfPresent(ExceptionMessage, error.Message);
        attributes.AddIfPresent(ExceptionStacktrace, error.StackTrace);
    }

    private static OtlpSpan NewFunctionSpan(TelemetryEvent e, long startUnixNanos)
    {
        var span = NewSpan(e, startUnixNanos);
        span.Name = string.IsNullOrEmpty(e.FunctionName) ? "unknown_function" : e.FunctionName;
        span.Kind = OtlpSpanKind.Internal;
        AddCodeAttributes(e, span.Attributes);
        CopyAttributes(e, span.Attributes);
        return span;
    }

    private static OtlpSpan NewHttpSpan(TelemetryEvent e, long startUnixNanos)
    {
        var span = NewSpan(e, startUnixNanos);
        span.Kind = HttpSpanMapper.KindOf(e.HttpRequest);
        span.Name = HttpSpanMapper.SpanName(e.HttpRequest);
        if (e.HttpRequest is { } request) HttpSpanMapper.AddRequest(span, request);
        if (e.ThreadId != 0) span.Attributes.Add(ThreadId, (long)e.ThreadId);
        if (e.EventType == EventType.HttpRequest) CopyAttributes(e, span.Attributes);
        return span;
    }

    private static OtlpSpan NewSpan(TelemetryEvent e, long startUnixNanos) => new()
    {
        TraceId = e.TraceId,
        SpanId = e.SpanId,
        ParentSpanId = e.ParentSpanId,
        TraceFlags = e.TraceFlags,
        StartUnixNanos = startUnixNanos,
        EndUnixNanos = startUnixNanos,
    };

    private static void AddCodeAttributes(TelemetryEvent e, OtlpAttributes attributes)
    {
        attributes.AddIfPresent(CodeFunctionName, e.FunctionName);
        attributes.AddIfPresent(CodeFilePath, e.SourceFile);
        if (e.SourceLine > 0) attributes.Add(CodeLineNumber, (long)e.SourceLine);
        if (e.ThreadId != 0) attributes.Add(ThreadId, (long)e.ThreadId);
    }

    private static OtlpLogRecord NewLogRecord(TelemetryEvent e)
    {
        var log = new OtlpLogRecord
        {
            TimeUnixNanos = e.TimestampUnixNanos,
            ObservedUnixNanos = e.TimestampUnixNanos,
            SeverityNumber = SeverityNumbers.Of(e.Severity),
            SeverityText = SeverityNumbers.TextOf(e.Severity),
            Body = e.Error?.Message ?? e.Message ?? e.EventType.ToWireName(),
            TraceId = e.TraceId,
            SpanId = e.SpanId.IsEmpty ? e.ParentSpanId : e.SpanId,
            TraceFlags = e.TraceId.IsEmpty ? (byte)0 : e.TraceFlags,
        };
        log.Attributes.Add(EventTypeAttribute, e.EventType.ToWireName());
        if (e.Error is { } error) AddExceptionAttributes(log.Attributes, error);
        AddCodeAttributes(e, log.Attributes);
        CopyAttributes(e, log.Attributes);
        return log;
    }

    /// <summary>The event's free-form attributes (the list is reused by the drain thread, so copy now).</summary>
    private static void CopyAttributes(TelemetryEvent e, OtlpAttributes target)
    {
        foreach (var (key, value) in e.Attributes)
        {
            if (!string.IsNullOrEmpty(key)) target.Add(key, value);
        }
    }
}
