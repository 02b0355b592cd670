using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DotnetTelemetry.Schema;

/// <summary>
/// Writes a <see cref="TelemetryEvent"/> as one line of telemetry v3 NDJSON (UTF-8, ending in '\n').
/// Built for the drain thread: the JSON writer and its buffer are reused, ids and timestamps are formatted
/// into stack buffers, property names are pre-encoded, and the per-process blocks are encoded once per
/// <see cref="ResourceInfo"/> instance, so a warm writer allocates nothing per event.
/// Not thread-safe: one writer per thread. Treat a <see cref="ResourceInfo"/> as frozen once an event
/// carrying it was written (a different instance is encoded afresh; <see cref="ForgetResource"/> forces it).
/// </summary>
public sealed class TelemetryJsonWriter
{
    // Relaxed escaping keeps '<', '>', '&', '\'' and non-ASCII text readable (stack traces are full of
    // "<Main>$" and generic names); the output is NDJSON for log pipelines, never embedded in HTML.
    // Validation is skipped because the structure is fixed by this class and checked by its tests.
    internal static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private static ReadOnlySpan<byte> SchemaBlock => "{\"format\":\"telemetry.v3\",\"version\":\"3.0.0\"}"u8;
    private static ReadOnlySpan<byte> Sampled => "\"01\""u8;
    private static ReadOnlySpan<byte> NotSampled => "\"00\""u8;

    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly Utf8JsonWriter _json;
    private ResourceBlocks? _resource;

    public TelemetryJsonWriter()
    {
        _json = new Utf8JsonWriter(_line, Options);
    }

    /// <summary>
    /// Formats one event as one NDJSON line (with the trailing '\n'). The span is valid until the next call.
    /// Throws only on a bug (the event is then not written anywhere).
    /// </summary>
    public ReadOnlySpan<byte> Format(TelemetryEvent telemetryEvent)
    {
        _line.ResetWrittenCount();
        _json.Reset(_line);
        WriteEvent(telemetryEvent);
        _json.Flush();
        _line.GetSpan(1)[0] = (byte)'\n';
        _line.Advance(1);
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
        var json = _json;
        json.WriteStartObject();
        json.WritePropertyName(JsonNames.Schema);
        json.WriteRawValue(SchemaBlock, skipInputValidation: true);
        WriteTimestamp(json, e.TimestampUnixNanos);
        json.WriteNumber(JsonNames.TimestampNs, e.TimestampUnixNanos);
        json.WriteNumber(JsonNames.Sequence, e.Sequence);
        json.WriteString(JsonNames.EventType, e.EventType.ToWireName());
        json.WriteString(JsonNames.Severity, e.Severity.ToWireName());
        if (e.FunctionName is not null) json.WriteString(JsonNames.FunctionName, e.FunctionName);
        WriteIds(json, e);
        json.WritePropertyName(JsonNames.TraceFlags);
        json.WriteRawValue((e.TraceFlags & 1) != 0 ? Sampled : NotSampled, skipInputValidation: true);
        // A sampler never produces a non-finite rate; if one slips through, "everything" is the honest default.
        json.WriteNumber(JsonNames.SampleRate, double.IsFinite(e.SampleRate) ? e.SampleRate : 1.0);
        if (e.DurationNanos is { } durationNanos)
        {
            json.WriteNumber(JsonNames.DurationNs, durationNanos);
            json.WriteNumber(JsonNames.DurationMs, durationNanos / 1e6);
        }
        if (e.Message is not null) json.WriteString(JsonNames.Message, e.Message);
        WriteEventBlock(json, e);
        WriteAttributes(json, e);
        if (e.CorrelationId is not null) json.WriteString(JsonNames.CorrelationId, e.CorrelationId);
        if (e.ParentCorrelationId is not null) json.WriteString(JsonNames.ParentCorrelationId, e.ParentCorrelationId);
        if (e.Error is { } error) WriteError(json, error);
        if (e.HttpRequest is not null || e.HttpResponse is not null) WriteHttp(json, e.HttpRequest, e.HttpResponse);
        if (e.Resource is { } resource) ResourceBlocksFor(resource).WriteTo(json);
        json.WriteEndObject();
    }

    private static void WriteTimestamp(Utf8JsonWriter json, long unixNanos)
    {
        Span<byte> quoted = stackalloc byte[Rfc3339.FormattedLength + 2];
        quoted[0] = (byte)'"';
        Rfc3339.Format(unixNanos, quoted.Slice(1, Rfc3339.FormattedLength));
        quoted[^1] = (byte)'"';
        json.WritePropertyName(JsonNames.Timestamp);
        json.WriteRawValue(quoted, skipInputValidation: true);
    }

    private static void WriteIds(Utf8JsonWriter json, TelemetryEvent e)
    {
        Span<byte> traceId = stackalloc byte[34];
        traceId[0] = (byte)'"';
        HexFormat.Write(e.TraceId.High, traceId.Slice(1, 16));
        HexFormat.Write(e.TraceId.Low, traceId.Slice(17, 16));
        traceId[33] = (byte)'"';
        json.WritePropertyName(JsonNames.TraceId);
        json.WriteRawValue(traceId, skipInputValidation: true);

        Span<byte> spanId = stackalloc byte[18];
        spanId[0] = (byte)'"';
        spanId[17] = (byte)'"';
        HexFormat.Write(e.SpanId.Value, spanId.Slice(1, 16));
        json.WritePropertyName(JsonNames.SpanId);
        json.WriteRawValue(spanId, skipInputValidation: true);

        if (e.ParentSpanId.IsEmpty)
        {
            json.WriteNull(JsonNames.ParentSpanId);
        }
        else
        {
            HexFormat.Write(e.ParentSpanId.Value, spanId.Slice(1, 16));
            json.WritePropertyName(JsonNames.ParentSpanId);
            json.WriteRawValue(spanId, skipInputValidation: true);
        }
    }

    private static void WriteEventBlock(Utf8JsonWriter json, TelemetryEvent e)
    {
        json.WriteStartObject(JsonNames.Event);
        json.WriteString(JsonNames.Name, e.FunctionName ?? e.EventType.ToWireName());
        json.WriteString(JsonNames.Category, e.EventType.Category());
        json.WriteString(JsonNames.Type, e.EventType.EcsType());
        json.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter json, TelemetryEvent e)
    {
        if (e.SourceFile is null && e.SourceLine <= 0 && e.ThreadId <= 0 && e.Attributes.Count == 0) return;

        json.WriteStartObject(JsonNames.Attributes);
        if (e.SourceFile is not null) json.WriteString(JsonNames.CodeFilePath, e.SourceFile);
        if (e.SourceLine > 0) json.WriteNumber(JsonNames.CodeLineNumber, e.SourceLine);
        if (e.ThreadId > 0) json.WriteNumber(JsonNames.ThreadId, e.ThreadId);
        var attributes = e.Attributes;
        for (var i = 0; i < attributes.Count; i++)
        {
            var (key, value) = attributes[i];
            switch (value.Kind)
            {
                case AttributeKind.String:
                    if (value.Text is null) json.WriteNull(key);
                    else json.WriteString(key, value.Text);
                    break;
                case AttributeKind.Integer:
                    json.WriteNumber(key, value.Integer);
                    break;
                case AttributeKind.Boolean:
                    json.WriteBoolean(key, value.Integer != 0);
                    break;
                case AttributeKind.Double:
                    WriteDouble(json, key, value.Number);
                    break;
            }
        }
        json.WriteEndObject();
    }

    // JSON has no NaN or infinities: those are written as the strings .NET and JavaScript print for them.
    private static void WriteDouble(Utf8JsonWriter json, string key, double number)
    {
        if (double.IsFinite(number)) json.WriteNumber(key, number);
        else if (double.IsNaN(number)) json.WriteString(key, "NaN"u8);
        else json.WriteString(key, number > 0 ? "Infinity"u8 : "-Infinity"u8);
    }

    private static void WriteError(Utf8JsonWriter json, ErrorInfo error)
    {
        json.WriteStartObject(JsonNames.Error);
        json.WriteString(JsonNames.Type, error.Type);
        if (error.Message is not null) json.WriteString(JsonNames.Message, error.Message);
        if (error.StackTrace is not null) json.WriteString(JsonNames.Stacktrace, error.StackTrace);
        json.WriteEndObject();
    }

    private static void WriteHttp(Utf8JsonWriter json, HttpRequestInfo? request, HttpResponseInfo? response)
    {
        json.WriteStartObject(JsonNames.Http);
        if (request is not null)
        {
            json.WriteStartObject(JsonNames.Request);
            json.WriteString(JsonNames.Method, request.Method);
            json.WriteString(JsonNames.Url, request.Url);
            WriteHeaders(json, request.Headers);
            if (request.BodyBytes is { } bodyBytes) json.WriteNumber(JsonNames.BodyBytes, bodyBytes);
            if (request.UserAgent is not null) json.WriteString(JsonNames.UserAgent, request.UserAgent);
            if (request.Kind is not null) json.WriteString(JsonNames.Kind, request.Kind);
            json.WriteEndObject();
        }
        if (response is not null)
        {
            json.WriteStartObject(JsonNames.Response);
            json.WriteNumber(JsonNames.StatusCode, response.StatusCode);
            WriteHeaders(json, response.Headers);
            if (response.BodyBytes is { } bodyBytes) json.WriteNumber(JsonNames.BodyBytes, bodyBytes);
            if (response.ContentType is not null) json.WriteString(JsonNames.ContentType, response.ContentType);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteHeaders(Utf8JsonWriter json, List<KeyValuePair<string, string>> headers)
    {
        if (headers.Count == 0) return;
        json.WriteStartObject(JsonNames.Headers);
        for (var i = 0; i < headers.Count; i++) json.WriteString(headers[i].Key, headers[i].Value);
        json.WriteEndObject();
    }

    private ResourceBlocks ResourceBlocksFor(ResourceInfo resource)
    {
        if (!ReferenceEquals(_resource?.Source, resource)) _resource = new ResourceBlocks(resource, Options);
        return _resource!;
    }
}
