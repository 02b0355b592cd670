using System.Buffers;
using System.Text;

namespace DotnetTelemetry.Schema;

/// <summary>
/// Writes a <see cref="TelemetryEvent"/> as one line of telemetry v3 NDJSON (UTF-8, ending in '\n').
/// Built for the drain thread: the event's fixed structure is copied from pre-encoded UTF-8 literals, ids
/// and timestamps are formatted straight into the reused buffer, strings are transcoded and escaped only
/// when needed, and the per-process blocks are encoded once per <see cref="ResourceInfo"/> instance. So a
/// warm writer allocates nothing per event. (A general JSON writer spends most of its time on per-token
/// bookkeeping this fixed layout does not need; the tests compare the output with System.Text.Json's.)
/// Not thread-safe: one writer per thread. Treat a <see cref="ResourceInfo"/> as frozen once an event
/// carrying it was written (a different instance is encoded afresh; <see cref="ForgetResource"/> forces it).
/// </summary>
public sealed class TelemetryJsonWriter
{
    private static ReadOnlySpan<byte> Head => "{\"schema\":{\"format\":\"telemetry.v3\",\"version\":\"3.0.0\"},\"timestamp\":\""u8;
    private static ReadOnlySpan<byte> TimestampNs => "\",\"timestamp_ns\":"u8;
    private static ReadOnlySpan<byte> Sequence => ",\"sequence\":"u8;
    private static ReadOnlySpan<byte> EventTypeName => ",\"event_type\":"u8;
    private static ReadOnlySpan<byte> SeverityName => ",\"severity\":"u8;
    private static ReadOnlySpan<byte> FunctionName => ",\"function_name\":"u8;
    private static ReadOnlySpan<byte> TraceId => ",\"trace_id\":\""u8;
    private static ReadOnlySpan<byte> SpanId => "\",\"span_id\":\""u8;
    private static ReadOnlySpan<byte> RootParent => "\",\"parent_span_id\":null"u8;
    private static ReadOnlySpan<byte> ParentSpanId => "\",\"parent_span_id\":\""u8;
    private static ReadOnlySpan<byte> Sampled => ",\"trace_flags\":\"01\",\"sample_rate\":"u8;
    private static ReadOnlySpan<byte> NotSampled => ",\"trace_flags\":\"00\",\"sample_rate\":"u8;
    private static ReadOnlySpan<byte> DurationNs => ",\"duration_ns\":"u8;
    private static ReadOnlySpan<byte> DurationMs => ",\"duration_ms\":"u8;
    private static ReadOnlySpan<byte> Message => ",\"message\":"u8;
    private static ReadOnlySpan<byte> EventName => ",\"event\":{\"name\":"u8;
    private static ReadOnlySpan<byte> Category => ",\"category\":"u8;
    private static ReadOnlySpan<byte> EcsType => ",\"type\":"u8;
    private static ReadOnlySpan<byte> Attributes => ",\"attributes\":{"u8;
    private static ReadOnlySpan<byte> CodeFilePath => "\"code.file.path\":"u8;
    private static ReadOnlySpan<byte> CodeLineNumber => "\"code.line.number\":"u8;
    private static ReadOnlySpan<byte> ThreadIdName => "\"thread.id\":"u8;
    private static ReadOnlySpan<byte> CorrelationId => ",\"correlation_id\":"u8;
    private static ReadOnlySpan<byte> ParentCorrelationId => ",\"parent_correlation_id\":"u8;
    private static ReadOnlySpan<byte> ErrorType => ",\"error\":{\"type\":"u8;
    private static ReadOnlySpan<byte> ErrorStacktrace => ",\"stacktrace\":"u8;
    private static ReadOnlySpan<byte> Http => ",\"http\":{"u8;
    private static ReadOnlySpan<byte> RequestMethod => "\"request\":{\"method\":"u8;
    private static ReadOnlySpan<byte> Url => ",\"url\":"u8;
    private static ReadOnlySpan<byte> Headers => ",\"headers\":{"u8;
    private static ReadOnlySpan<byte> BodyBytes => ",\"body_bytes\":"u8;
    private static ReadOnlySpan<byte> UserAgent => ",\"user_agent\":"u8;
    private static ReadOnlySpan<byte> Kind => ",\"kind\":"u8;
    private static ReadOnlySpan<byte> ResponseStatus => "\"response\":{\"status_code\":"u8;
    private static ReadOnlySpan<byte> ContentType => ",\"content_type\":"u8;
    private static ReadOnlySpan<byte> One => "1"u8;
    private static ReadOnlySpan<byte> Null => "null"u8;
    private static ReadOnlySpan<byte> True => "true"u8;
    private static ReadOnlySpan<byte> False => "false"u8;

    // The quoted wire spelling of every enum value, encoded once.
    private static readonly byte[][] EventTypes = Quoted(EventTypeNames.All.Select(t => t.ToWireName()));
    private static readonly byte[][] Categories = Quoted(EventTypeNames.All.Select(t => t.Category()));
    private static readonly byte[][] EcsTypes = Quoted(EventTypeNames.All.Select(t => t.EcsType()));
    private static readonly byte[][] Severities = Quoted(Enum.GetValues<Severity>().Select(s => s.ToWireName()));

    private readonly JsonLineBuilder _line = new();
    private ResourceBlocks? _resource;

    /// <summary>
    /// Formats one event as one NDJSON line (with the trailing '\n'). The span is valid until the next call.
    /// Throws only on a bug (the event is then not written anywhere).
    /// </summary>
    public ReadOnlySpan<byte> Format(TelemetryEvent telemetryEvent)
    {
        _line.Clear();
        WriteEvent(telemetryEvent);
        _line.Byte((byte)'\n');
        return _line.WrittenSpan;
    }

    /// <summary>Appends one event as one NDJSON line to <paramref name="output"/> (all of it or, on failure, nothing).</summary>
    public void WriteLine(TelemetryEvent telemetryEvent, IBufferWriter<byte> output)
    {
        var line = Format(telemetryEvent);
        line.CopyTo(output.GetSpan(line.Length));
        output.Advance(line.Length);
    }

    /// <summary>Appends one event as one NDJSON line to <paramref name="output"/>.</summary>
    public void WriteLine(TelemetryEvent telemetryEvent, Stream output) => output.Write(Format(telemetryEvent));

    /// <summary>Drops the cached per-process blocks, e.g. after the agent changed its <see cref="ResourceInfo"/> in place.</summary>
    public void ForgetResource() => _resource = null;

    private void WriteEvent(TelemetryEvent e)
    {
        var line = _line;
        line.Raw(Head);
        Span<byte> scratch = stackalloc byte[32];
        Rfc3339.Format(e.TimestampUnixNanos, scratch);
        line.Raw(scratch[..Rfc3339.FormattedLength]);
        line.Raw(TimestampNs);
        line.Int64(e.TimestampUnixNanos);
        line.Raw(Sequence);
        line.Int64(e.Sequence);
        line.Raw(EventTypeName);
        line.Raw(EventTypes[(int)e.EventType]);
        line.Raw(SeverityName);
        line.Raw(Severities[(int)e.Severity]);
        int functionNameStart = 0, functionNameLength = 0;
        if (e.FunctionName is not null)
        {
            line.Raw(FunctionName);
            functionNameStart = line.Position;
            line.String(e.FunctionName);
            functionNameLength = line.Position - functionNameStart;
        }

        line.Raw(TraceId);
        HexFormat.Write(e.TraceId.High, scratch);
        HexFormat.Write(e.TraceId.Low, scratch[16..]);
        line.Raw(scratch);
        line.Raw(SpanId);
        HexFormat.Write(e.SpanId.Value, scratch);
        line.Raw(scratch[..16]);
        if (e.ParentSpanId.IsEmpty)
        {
            line.Raw(RootParent);
        }
        else
        {
            line.Raw(ParentSpanId);
            HexFormat.Write(e.ParentSpanId.Value, scratch);
            line.Raw(scratch[..16]);
            line.Byte((byte)'"');
        }

        line.Raw((e.TraceFlags & 1) != 0 ? Sampled : NotSampled);
        WriteSampleRate(e.SampleRate);
        if (e.DurationNanos is { } durationNanos)
        {
            line.Raw(DurationNs);
            line.Int64(durationNanos);
            line.Raw(DurationMs);
            WriteMillis(durationNanos, scratch);
        }
        if (e.Message is not null) Field(Message, e.Message);

        line.Raw(EventName);
        // event.name repeats function_name: copy its encoded bytes instead of encoding it again.
        if (e.FunctionName is not null) line.RawCopyOf(functionNameStart, functionNameLength);
        else line.Raw(EventTypes[(int)e.EventType]);
        line.Raw(Category);
        line.Raw(Categories[(int)e.EventType]);
        line.Raw(EcsType);
        line.Raw(EcsTypes[(int)e.EventType]);
        line.Byte((byte)'}');

        WriteAttributes(e);
        if (e.CorrelationId is not null) Field(CorrelationId, e.CorrelationId);
        if (e.ParentCorrelationId is not null) Field(ParentCorrelationId, e.ParentCorrelationId);
        if (e.Error is { } error) WriteError(error);
        if (e.HttpRequest is not null || e.HttpResponse is not null) WriteHttp(e.HttpRequest, e.HttpResponse);
        if (e.Resource is { } resource) line.Raw(ResourceBlocksFor(resource).Tail);
        line.Byte((byte)'}');
    }

    private void WriteSampleRate(double sampleRate)
    {
        if (sampleRate == 1.0) _line.Raw(One); // the common case, without double formatting
        // A sampler never produces a non-finite rate; if one slips through, "everything" is the honest default.
        else if (double.IsFinite(sampleRate)) _line.Double(sampleRate);
        else _line.Raw(One);
    }

    /// <summary><c>duration_ms</c> = <c>duration_ns</c> / 1e6 exactly, formatted from the integer when possible.</summary>
    private void WriteMillis(long durationNanos, Span<byte> scratch)
    {
        if (DecimalFormat.TryFormatMillis(durationNanos, scratch, out var written)) _line.Raw(scratch[..written]);
        else _line.Double(durationNanos / 1e6);
    }

    private void WriteAttributes(TelemetryEvent e)
    {
        var attributes = e.Attributes;
        if (e.SourceFile is null && e.SourceLine <= 0 && e.ThreadId <= 0 && attributes.Count == 0) return;

        var line = _line;
        line.Raw(Attributes);
        var first = true;
        if (e.SourceFile is not null)
        {
            Member(ref first, CodeFilePath);
            line.String(e.SourceFile);
        }
        if (e.SourceLine > 0)
        {
            Member(ref first, CodeLineNumber);
            line.Int64(e.SourceLine);
        }
        if (e.ThreadId > 0)
        {
            Member(ref first, ThreadIdName);
            line.Int64(e.ThreadId);
        }
        for (var i = 0; i < attributes.Count; i++)
        {
            var (key, value) = attributes[i];
            if (!first) line.Byte((byte)',');
            first = false;
            line.String(key);
            line.Byte((byte)':');
            WriteAttributeValue(value);
        }
        line.Byte((byte)'}');
    }

    private void WriteAttributeValue(AttributeValue value)
    {
        switch (value.Kind)
        {
            case AttributeKind.String when value.Text is not null:
                _line.String(value.Text);
                break;
            case AttributeKind.Integer:
                _line.Int64(value.Integer);
                break;
            case AttributeKind.Boolean:
                _line.Raw(value.Integer != 0 ? True : False);
                break;
            case AttributeKind.Double when double.IsFinite(value.Number):
                _line.Double(value.Number);
                break;
            // JSON has no NaN or infinities: those are written as the strings .NET and JavaScript print for them.
            case AttributeKind.Double:
                _line.Raw(double.IsNaN(value.Number) ? "\"NaN\""u8 : value.Number > 0 ? "\"Infinity\""u8 : "\"-Infinity\""u8);
                break;
            default:
                _line.Raw(Null);
                break;
        }
    }

    private void WriteError(ErrorInfo error)
    {
        _line.Raw(ErrorType);
        _line.String(error.Type);
        if (error.Message is not null) Field(Message, error.Message);
        if (error.StackTrace is not null) Field(ErrorStacktrace, error.StackTrace);
        _line.Byte((byte)'}');
    }

    private void WriteHttp(HttpRequestInfo? request, HttpResponseInfo? response)
    {
        var line = _line;
        line.Raw(Http);
        if (request is not null)
        {
            line.Raw(RequestMethod);
            line.String(request.Method);
            Field(Url, request.Url);
            WriteHeaders(request.Headers);
            if (request.BodyBytes is { } bodyBytes)
            {
                line.Raw(BodyBytes);
                line.Int64(bodyBytes);
            }
            if (request.UserAgent is not null) Field(UserAgent, request.UserAgent);
            if (request.Kind is not null) Field(Kind, request.Kind);
            line.Byte((byte)'}');
        }
        if (response is not null)
        {
            if (request is not null) line.Byte((byte)',');
            line.Raw(ResponseStatus);
            line.Int64(response.StatusCode);
            WriteHeaders(response.Headers);
            if (response.BodyBytes is { } bodyBytes)
            {
                line.Raw(BodyBytes);
                line.Int64(bodyBytes);
            }
            if (response.ContentType is not null) Field(ContentType, response.ContentType);
            line.Byte((byte)'}');
        }
        line.Byte((byte)'}');
    }

    private void WriteHeaders(List<KeyValuePair<string, string>> headers)
    {
        if (headers.Count == 0) return;
        _line.Raw(Headers);
        for (var i = 0; i < headers.Count; i++)
        {
            if (i > 0) _line.Byte((byte)',');
            _line.String(headers[i].Key);
            _line.Byte((byte)':');
            _line.String(headers[i].Value);
        }
        _line.Byte((byte)'}');
    }

    /// <summary>A string member whose name literal already carries its leading comma and colon.</summary>
    private void Field(ReadOnlySpan<byte> name, string value)
    {
        _line.Raw(name);
        _line.String(value);
    }

    private void Member(ref bool first, ReadOnlySpan<byte> name)
    {
        if (!first) _line.Byte((byte)',');
        first = false;
        _line.Raw(name);
    }

    private ResourceBlocks ResourceBlocksFor(ResourceInfo resource)
    {
        if (!ReferenceEquals(_resource?.Source, resource)) _resource = new ResourceBlocks(resource);
        return _resource!;
    }

    private static byte[][] Quoted(IEnumerable<string> names) => names.Select(name => Encoding.UTF8.GetBytes($"\"{name}\"")).ToArray();
}
