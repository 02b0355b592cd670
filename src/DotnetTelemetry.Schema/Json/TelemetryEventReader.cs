using System.Text;
using System.Text.Json;

namespace DotnetTelemetry.Schema;

/// <summary>
/// Parses one line of telemetry v3 NDJSON back into a <see cref="TelemetryEvent"/> (for the CLI, tests and
/// tools; not on any hot path). It checks types, not the schema: unknown properties are ignored, and
/// derived fields (<c>duration_ms</c>, <c>event</c>, <c>schema</c>) are recomputed by the writer, not read.
/// The attributes <c>code.file.path</c>, <c>code.line.number</c> and <c>thread.id</c> go back into their fields.
/// </summary>
public static class TelemetryEventReader
{
    /// <summary>Parses one event; throws <see cref="FormatException"/> naming the offending field.</summary>
    public static TelemetryEvent Parse(string line) => Parse(Encoding.UTF8.GetBytes(line));

    /// <inheritdoc cref="Parse(string)"/>
    public static TelemetryEvent Parse(ReadOnlySpan<byte> utf8Line)
    {
        JsonDocument? document = null;
        var reader = new Utf8JsonReader(utf8Line);
        try
        {
            document = JsonDocument.ParseValue(ref reader);
            reader.Read(); // throws when anything but whitespace follows the event
        }
        catch (JsonException ex)
        {
            document?.Dispose();
            throw new FormatException($"not valid JSON: {ex.Message}", ex);
        }
        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>Like <see cref="Parse(string)"/>, with the reason in <paramref name="error"/> instead of an exception.</summary>
    public static bool TryParse(string line, out TelemetryEvent? telemetryEvent, out string? error)
    {
        try
        {
            telemetryEvent = Parse(line);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            telemetryEvent = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Reads an event from an already parsed JSON object.</summary>
    public static TelemetryEvent Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"an event must be a JSON object, not {root.ValueKind}");
        var e = new TelemetryEvent();

        if (Optional(root, "timestamp_ns") is { } timestampNs) e.TimestampUnixNanos = Int64(timestampNs, "timestamp_ns");
        else if (Optional(root, "timestamp") is { } timestamp)
        {
            if (!Rfc3339.TryParse(String(timestamp, "timestamp"), out var nanos)) throw Invalid("timestamp", "is not an RFC 3339 date-time");
            e.TimestampUnixNanos = nanos;
        }
        if (Optional(root, "sequence") is { } sequence) e.Sequence = Int64(sequence, "sequence");
        var eventType = String(Required(root, "event_type"), "event_type");
        if (!EventTypeNames.TryParseEventType(eventType, out var type)) throw Invalid("event_type", $"'{eventType}' is not a telemetry v3 event type");
        e.EventType = type;
        if (Optional(root, "severity") is { } severityElement)
        {
            var severity = String(severityElement, "severity");
            if (!EventTypeNames.TryParseSeverity(severity, out var parsed)) throw Invalid("severity", $"'{severity}' is not a severity");
            e.Severity = parsed;
        }
        e.FunctionName = OptionalString(root, "function_name");
        e.Message = OptionalString(root, "message");

        var traceId = String(Required(root, "trace_id"), "trace_id");
        if (!TraceId.TryParse(traceId, out var trace)) throw Invalid("trace_id", $"'{traceId}' is not 32 hex digits");
        e.TraceId = trace;
        e.SpanId = ParseSpanId(String(Required(root, "span_id"), "span_id"), "span_id");
        if (OptionalString(root, "parent_span_id") is { } parent) e.ParentSpanId = ParseSpanId(parent, "parent_span_id");
        if (OptionalString(root, "trace_flags") is { } flags)
        {
            if (flags.Length != 2 || !byte.TryParse(flags, System.Globalization.NumberStyles.AllowHexSpecifier, null, out var flagByte))
                throw Invalid("trace_flags", $"'{flags}' is not two hex digits");
            e.TraceFlags = flagByte;
        }
        if (Optional(root, "sample_rate") is { } sampleRate) e.SampleRate = Double(sampleRate, "sample_rate");
        if (Optional(root, "duration_ns") is { } duration) e.DurationNanos = Int64(duration, "duration_ns");

        if (Optional(root, "attributes") is { } attributes) ReadAttributes(attributes, e);
        e.CorrelationId = OptionalString(root, "correlation_id");
        e.ParentCorrelationId = OptionalString(root, "parent_correlation_id");
        if (Optional(root, "error") is { } error) e.Error = ReadError(error);
        if (Optional(root, "http") is { } http) ReadHttp(Object(http, "http"), e);
        e.Resource = ResourceReader.Read(root);
        return e;
    }

    private static SpanId ParseSpanId(string text, string field)
    {
        if (!SpanId.TryParse(text, out var spanId)) throw Invalid(field, $"'{text}' is not 16 hex digits");
        return spanId;
    }

    private static void ReadAttributes(JsonElement attributes, TelemetryEvent e)
    {
        foreach (var property in Object(attributes, "attributes").EnumerateObject())
        {
            var value = property.Value;
            var path = "attributes." + property.Name;
            switch (property.Name)
            {
                case "code.file.path" when value.ValueKind == JsonValueKind.String:
                    e.SourceFile = value.GetString();
                    continue;
                case "code.line.number" when value.ValueKind == JsonValueKind.Number:
                    e.SourceLine = (int)Int64(value, path);
                    continue;
                case "thread.id" when value.ValueKind == JsonValueKind.Number:
                    e.ThreadId = (int)Int64(value, path);
                    continue;
            }
            e.Attributes.Add(new(property.Name, value.ValueKind switch
            {
                JsonValueKind.String => AttributeValue.Of(value.GetString()!),
                JsonValueKind.True => AttributeValue.Of(true),
                JsonValueKind.False => AttributeValue.Of(false),
                JsonValueKind.Number when value.TryGetInt64(out var integer) => AttributeValue.Of(integer),
                JsonValueKind.Number => AttributeValue.Of(value.GetDouble()),
                JsonValueKind.Null => AttributeValue.Of((string)null!),
                // Nested values have no AttributeValue kind: keep their JSON text rather than lose them.
                _ => AttributeValue.Of(value.GetRawText()),
            }));
        }
    }

    private static ErrorInfo ReadError(JsonElement element)
    {
        Object(element, "error");
        return new ErrorInfo
        {
            Type = String(Required(element, "type", "error.type"), "error.type"),
            Message = OptionalString(element, "message", "error.message"),
            StackTrace = OptionalString(element, "stacktrace", "error.stacktrace"),
        };
    }

    private static void ReadHttp(JsonElement http, TelemetryEvent e)
    {
        if (Optional(http, "request") is { } requestElement)
        {
            Object(requestElement, "http.request");
            var request = new HttpRequestInfo
            {
                Method = String(Required(requestElement, "method", "http.request.method"), "http.request.method"),
                Url = String(Required(requestElement, "url", "http.request.url"), "http.request.url"),
                UserAgent = OptionalString(requestElement, "user_agent", "http.request.user_agent"),
                Kind = OptionalString(requestElement, "kind", "http.request.kind"),
            };
            if (Optional(requestElement, "body_bytes") is { } body) request.BodyBytes = Int64(body, "http.request.body_bytes");
            ReadStringMap(requestElement, "headers", "http.request.headers", request.Headers);
            e.HttpRequest = request;
        }
        if (Optional(http, "response") is { } responseElement)
        {
            Object(responseElement, "http.response");
            var response = new HttpResponseInfo
            {
                StatusCode = (int)Int64(Required(responseElement, "status_code", "http.response.status_code"), "http.response.status_code"),
                ContentType = OptionalString(responseElement, "content_type", "http.response.content_type"),
            };
            if (Optional(responseElement, "body_bytes") is { } body) response.BodyBytes = Int64(body, "http.response.body_bytes");
            ReadStringMap(responseElement, "headers", "http.response.headers", response.Headers);
            e.HttpResponse = response;
        }
    }

    // Small typed accessors: each names the field in its error, so a bad line says exactly what is wrong.

    internal static void ReadStringMap(JsonElement parent, string name, string path, List<KeyValuePair<string, string>> into)
    {
        if (Optional(parent, name) is not { } map) return;
        foreach (var property in Object(map, path).EnumerateObject())
        {
            into.Add(new(property.Name, String(property.Value, path + "." + property.Name)));
        }
    }

    internal static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    internal static JsonElement Required(JsonElement parent, string name, string? path = null) =>
        Optional(parent, name) ?? throw Invalid(path ?? name, "is missing");

    internal static string? OptionalString(JsonElement parent, string name, string? path = null) =>
        Optional(parent, name) is { } value ? String(value, path ?? name) : null;

    internal static string String(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(path, $"must be a string, not {Describe(value)}");

    internal static long Int64(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var result)
            ? result
            : throw Invalid(path, $"must be an integer, not {Describe(value)}");

    internal static double Double(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Invalid(path, $"must be a number, not {Describe(value)}");

    internal static JsonElement Object(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Object ? value : throw Invalid(path, $"must be an object, not {Describe(value)}");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => $"{value.GetRawText()}",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    internal static FormatException Invalid(string path, string reason) => new($"{path} {reason}");
}
