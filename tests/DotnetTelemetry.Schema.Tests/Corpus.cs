using System.Text;
using System.Text.Json.Nodes;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Schema.Tests;

/// <summary>NDJSON the schema and validator tests share: a valid stream of every event type, and broken lines.</summary>
internal static class Corpus
{
    /// <summary>One line per event, as the writer produces them: every event type with every block, plus minimal events.</summary>
    public static List<string> ValidLines()
    {
        var writer = new TelemetryJsonWriter();
        var lines = new List<string>();
        var resource = SampleEvents.FullResource();
        long sequence = 0;
        foreach (var type in Enum.GetValues<EventType>())
        {
            lines.Add(Encoding.UTF8.GetString(writer.Format(SampleEvents.Full(type, ++sequence, resource))).TrimEnd('\n'));
        }

        // A minimal root call with no optional blocks, unsampled, from a stream without process ids.
        var entry = new TelemetryEvent
        {
            TimestampUnixNanos = SampleEvents.BaseNanos, Sequence = 1, EventType = EventType.FunctionEntry,
            FunctionName = "Program.Main", TraceId = new TraceId(0, 1), SpanId = new SpanId(1), TraceFlags = 0, SampleRate = 0,
        };
        lines.Add(Encoding.UTF8.GetString(writer.Format(entry)).TrimEnd('\n'));
        entry.EventType = EventType.FunctionExit;
        entry.Sequence = 2;
        entry.DurationNanos = 0;
        lines.Add(Encoding.UTF8.GetString(writer.Format(entry)).TrimEnd('\n'));

        // An HTTP exchange that got no response at all (connection refused): status code 0.
        var failed = SampleEvents.Full(EventType.HttpResponse, ++sequence, resource);
        failed.HttpResponse = new HttpResponseInfo { StatusCode = 0 };
        failed.Severity = Severity.Error;
        lines.Add(Encoding.UTF8.GetString(writer.Format(failed)).TrimEnd('\n'));
        return lines;
    }

    /// <summary>A broken line: what is wrong, the line, and what ajv and <c>validate</c> must say about it.</summary>
    public sealed record BrokenLine(string Name, string Line, string AjvSays, string ValidateSays);

    /// <summary>Lines each invalid on their own (function_entry or non-function events, so no cross-line rule fires).</summary>
    public static List<BrokenLine> SchemaViolations()
    {
        var cases = new List<BrokenLine>();
        void Add(string name, EventType type, Action<JsonObject> breakIt, string ajvSays, string validateSays)
        {
            var node = JsonNode.Parse(Encoding.UTF8.GetString(new TelemetryJsonWriter().Format(SampleEvents.Full(type, cases.Count + 100))))!.AsObject();
            breakIt(node);
            cases.Add(new BrokenLine(name, node.ToJsonString(), ajvSays, validateSays));
        }

        var f = EventType.FunctionEntry;
        Add("trace_id of 31 characters", f, e => e["trace_id"] = "0af7651916cd43dd8448eb211c80319",
            "/trace_id must match pattern", "trace_id \"0af7651916cd43dd8448eb211c80319\" (31 characters) does not match");
        Add("span_id of 15 characters", f, e => e["span_id"] = "b7ad6b716920333",
            "/span_id must match pattern", "span_id \"b7ad6b716920333\" (15 characters) does not match");
        Add("trace_id of 33 characters", f, e => e["trace_id"] = "0af7651916cd43dd8448eb211c80319aa",
            "/trace_id must match pattern", "(33 characters) does not match");
        Add("upper-case trace_id", f, e => e["trace_id"] = "0AF7651916CD43DD8448EB211C80319A",
            "/trace_id must match pattern", "trace_id \"0AF7651916CD43DD8448EB211C80319A\" (32 characters) does not match");
        Add("upper-case span_id", f, e => e["span_id"] = "B7AD6B7169203331",
            "/span_id must match pattern", "span_id \"B7AD6B7169203331\" (16 characters) does not match");
        Add("all-zero trace_id", f, e => e["trace_id"] = new string('0', 32),
            "/trace_id must match pattern", "trace_id \"00000000000000000000000000000000\" (32 characters) does not match");
        Add("all-zero span_id", f, e => e["span_id"] = new string('0', 16),
            "/span_id must match pattern", "span_id \"0000000000000000\" (16 characters) does not match");
        Add("bad parent_span_id", f, e => e["parent_span_id"] = "xyz",
            "/parent_span_id must match pattern", "parent_span_id \"xyz\" (3 characters) does not match");
        Add("unknown event_type", f, e => e["event_type"] = "function_party",
            "/event_type must be equal to one of the allowed values", "event_type \"function_party\" (14 characters) is not one of");
        Add("missing span_id", f, e => e.Remove("span_id"),
            "must have required property 'span_id'", "span_id is missing");
        Add("missing schema block", f, e => e.Remove("schema"),
            "must have required property 'schema'", "schema is missing");
        Add("missing parent_span_id", f, e => e.Remove("parent_span_id"),
            "must have required property 'parent_span_id'", "parent_span_id is missing");
        Add("wrong schema version", f, e => e["schema"]!["version"] = "2.0.0",
            "/schema/version must be equal to constant", "schema.version must be \"3.0.0\"");
        Add("misspelled field", f, e => e["functon_name"] = "x",
            "must NOT have additional properties 'functon_name'", "event: unknown field 'functon_name'");
        Add("unknown field in a fixed block", f, e => e["host"]!["hostname"] = "x",
            "/host must NOT have additional properties 'hostname'", "host: unknown field 'hostname'");
        Add("lower-case severity", f, e => e["severity"] = "info",
            "/severity must be equal to one of the allowed values", "severity \"info\" (4 characters) is not one of");
        Add("sequence as a string", f, e => e["sequence"] = "5",
            "/sequence must be integer", "sequence must be integer, not \"5\" (1 character)");
        Add("timestamp without milliseconds", f, e => e["timestamp"] = "2025-11-03T19:15:41Z",
            "/timestamp must match pattern", "timestamp \"2025-11-03T19:15:41Z\" (20 characters) does not match");
        Add("timestamp that is no date", f, e => e["timestamp"] = "2025-13-03T19:15:41.499Z",
            "/timestamp must match format \"date-time\"", "is not an RFC 3339 date-time");
        Add("sample_rate above 1", f, e => e["sample_rate"] = 1.5,
            "/sample_rate must be <= 1", "sample_rate 1.5 is above the maximum 1");
        Add("trace_flags of one digit", f, e => e["trace_flags"] = "1",
            "/trace_flags must match pattern", "trace_flags \"1\" (1 character) does not match");
        Add("empty host block", f, e => e["host"] = new JsonObject(),
            "/host must NOT have fewer than 1 properties", "host must not be an empty object");
        Add("nested attribute value", f, e => e["attributes"]!["nested"] = new JsonObject { ["a"] = 1 },
            "/attributes/nested must be string", "attributes.nested must be string or number or boolean or null, not an object");
        Add("function_entry without function_name", f, e => e.Remove("function_name"),
            "must have required property 'function_name'", "function_name is missing (rule: Function events name their function.)");
        Add("event block that contradicts event_type", f, e => e["event"]!["category"] = "network",
            "/event/category must be equal to constant", "event.category must be \"code\"");
        Add("duration_ns without duration_ms", EventType.LoopExit, e => e.Remove("duration_ms"),
            "must have property duration_ms when property duration_ns is present", "duration_ms is missing (it goes with duration_ns)");
        Add("exception_entry without error", EventType.ExceptionEntry, e => e.Remove("error"),
            "must have required property 'error'", "error is missing (rule: Exception events carry the error.)");
        Add("http_request without http.request", EventType.HttpRequest, e => e["http"] = new JsonObject { ["response"] = new JsonObject { ["status_code"] = 200 } },
            "/http must have required property 'request'", "http.request is missing (rule: An http_request carries http.request.)");
        Add("status code out of range", EventType.HttpResponse, e => e["http"]!["response"]!["status_code"] = 42,
            "/http/response/status_code must be >= 100", "http.response.status_code 42 fits none of the allowed forms: HTTP status code; 0 when no response arrived");
        return cases;
    }

    /// <summary>The seed document's v3 example as one NDJSON line.</summary>
    public static string SeedExampleLine() => JsonNode.Parse(File.ReadAllText(TestEnvironment.DataFile("seed-v3-example.json")))!.ToJsonString();

    /// <summary>The seed's example with its trace_id given the missing 32nd digit.</summary>
    public static string CorrectedSeedExampleLine() =>
        SeedExampleLine().Replace("\"0af7651916cd43dd8448eb211c80319\"", "\"0af7651916cd43dd8448eb211c80319a\"", StringComparison.Ordinal);

    /// <summary>The function_entry that opens the seed example's span (the example is a function_exit).</summary>
    public static string SeedEntryLine()
    {
        var entry = JsonNode.Parse(CorrectedSeedExampleLine())!.AsObject();
        entry["sequence"] = 4;
        entry["event_type"] = "function_entry";
        entry["timestamp_ns"] = 1_762_197_341_153_322_000;
        entry["timestamp"] = "2025-11-03T19:15:41.153Z";
        entry["message"] = "Function 'fetch_data' entry";
        entry["event"]!["type"] = "start";
        entry.Remove("duration_ns");
        entry.Remove("duration_ms");
        entry.Remove("attributes");
        return entry.ToJsonString();
    }

    public static string Ndjson(IEnumerable<string> lines) => string.Join("\n", lines) + "\n";
}
