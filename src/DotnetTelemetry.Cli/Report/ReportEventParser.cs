using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Cli.Report;

/// <summary>
/// Reads the fields a <see cref="ReportEvent"/> holds from one NDJSON line with a forward-only
/// <see cref="Utf8JsonReader"/>: no document per line, blocks nobody reads are skipped, and repeated texts
/// (function names, trace ids, types) are interned so a million events do not make a million copies of them.
/// </summary>
internal sealed class ReportEventParser
{
    private readonly Dictionary<string, string> _interned = new();
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _internedLookup;
    private readonly char[] _chars = new char[1024];

    public ReportEventParser()
    {
        _internedLookup = _interned.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Fills <paramref name="target"/> from <paramref name="line"/>; false (with a reason) when the line is not a v3 event.</summary>
    public bool TryParse(ReadOnlySpan<byte> line, ReportEvent target, out string? error)
    {
        target.Reset();
        error = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "not a JSON object";
                return false;
            }
            bool sawType = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("event_type"u8))
                {
                    reader.Read();
                    if (!EventTypeNames.TryParseEventType(reader.GetString(), out target.Type))
                    {
                        error = $"unknown event_type '{reader.GetString()}'";
                        return false;
                    }
                    sawType = true;
                }
                else if (reader.ValueTextEquals("timestamp_ns"u8)) { reader.Read(); target.TimestampNs = reader.GetInt64(); }
                else if (reader.ValueTextEquals("sequence"u8)) { reader.Read(); target.Sequence = reader.GetInt64(); }
                else if (reader.ValueTextEquals("duration_ns"u8)) { reader.Read(); target.DurationNs = reader.GetInt64(); }
                else if (reader.ValueTextEquals("function_name"u8)) { reader.Read(); target.FunctionName = Text(ref reader); }
                else if (reader.ValueTextEquals("trace_id"u8)) { reader.Read(); target.TraceId = Text(ref reader); }
                else if (reader.ValueTextEquals("span_id"u8)) { reader.Read(); target.SpanId = HexId(ref reader); }
                else if (reader.ValueTextEquals("parent_span_id"u8)) { reader.Read(); target.ParentSpanId = HexId(ref reader); }
                else if (reader.ValueTextEquals("message"u8)) { reader.Read(); target.Message = reader.GetString(); }
                else if (reader.ValueTextEquals("error"u8)) ReadError(ref reader, target);
                else if (reader.ValueTextEquals("http"u8)) ReadHttp(ref reader, target);
                else if (reader.ValueTextEquals("attributes"u8)) ReadAttributes(ref reader, target);
                else if (reader.ValueTextEquals("service"u8)) ReadService(ref reader, target);
                else if (reader.ValueTextEquals("process"u8)) ReadProcess(ref reader, target);
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (!sawType)
            {
                error = "no event_type";
                return false;
            }
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            error = $"not valid JSON ({e.Message})";
            return false;
        }
    }

    private void ReadError(ref Utf8JsonReader reader, ReportEvent target)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); return; }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) { reader.Read(); target.ErrorType = Text(ref reader); }
            else if (reader.ValueTextEquals("message"u8)) { reader.Read(); target.ErrorMessage = reader.GetString(); }
            else { reader.Read(); reader.Skip(); }
        }
    }

    private void ReadHttp(ref Utf8JsonReader reader, ReportEvent target)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); return; }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool request = reader.ValueTextEquals("request"u8);
            bool response = reader.ValueTextEquals("response"u8);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject || !(request || response)) { reader.Skip(); continue; }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (request && reader.ValueTextEquals("method"u8)) { reader.Read(); target.HttpMethod = Text(ref reader); }
                else if (request && reader.ValueTextEquals("url"u8)) { reader.Read(); target.HttpUrl = Text(ref reader); }
                else if (request && reader.ValueTextEquals("kind"u8)) { reader.Read(); target.HttpKind = Text(ref reader); }
                else if (response && reader.ValueTextEquals("status_code"u8)) { reader.Read(); target.HttpStatus = reader.GetInt32(); }
                else { reader.Read(); reader.Skip(); }
            }
        }
    }

    private void ReadAttributes(ref Utf8JsonReader reader, ReportEvent target)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); return; }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = Text(ref reader);
            reader.Read();
            string value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString() ?? "",
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => "null",
                _ => Skipped(ref reader),
            };
            target.Attributes.Add(new(key, value));
        }
    }

    private static string Skipped(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return "…";
    }

    private void ReadService(ref Utf8JsonReader reader, ReportEvent target)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); return; }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8)) { reader.Read(); target.ServiceName = Text(ref reader); }
            else { reader.Read(); reader.Skip(); }
        }
    }

    private static void ReadProcess(ref Utf8JsonReader reader, ReportEvent target)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); return; }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("pid"u8)) { reader.Read(); target.Pid = reader.GetInt64(); }
            else { reader.Read(); reader.Skip(); }
        }
    }

    /// <summary>A 16-digit hex span id as a number; 0 for null (a root span's parent).</summary>
    private static ulong HexId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return 0;
        if (reader.TokenType != JsonTokenType.String) throw new FormatException("a span id is not a string");
        return Utf8Parser.TryParse(reader.ValueSpan, out ulong id, out int consumed, 'x') && consumed == reader.ValueSpan.Length
            ? id
            : throw new FormatException("a span id is not hex");
    }

    /// <summary>The string value, interned (texts that repeat across events: names, ids, types, urls).</summary>
    private string Text(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return "";
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > _chars.Length)
        {
            return Intern(reader.GetString() ?? "");
        }
        int length = Encoding.UTF8.GetChars(reader.ValueSpan, _chars);
        var chars = new ReadOnlySpan<char>(_chars, 0, length);
        if (_internedLookup.TryGetValue(chars, out var existing)) return existing;
        string created = chars.ToString();
        _interned[created] = created;
        return created;
    }

    private string Intern(string text)
    {
        if (_interned.TryGetValue(text, out var existing)) return existing;
        _interned[text] = text;
        return text;
    }

    /// <summary>A span id back in its wire spelling.</summary>
    public static string FormatId(ulong id) => id.ToString("x16", CultureInfo.InvariantCulture);
}
