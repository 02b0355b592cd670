using System.Text.Json.Nodes;

namespace DotnetTelemetry.Shim.Tests.AsyncWeb;

/// <summary>One function call: its function_entry and (when recorded) its function_exit, matched by span_id.</summary>
internal sealed record FunctionSpan(string Name, string SpanId, string? ParentSpanId, string TraceId, JsonNode? Exit)
{
    public double? DurationMs => Exit?["duration_ns"] is { } ns ? (long)ns / 1e6 : null;

    public string? ErrorType => (string?)Exit?["error"]?["type"];

    public string? ErrorMessage => (string?)Exit?["error"]?["message"];
}

/// <summary>
/// The events of one run seen as traces: the server request of each path the test asked for, and the function
/// spans of the app (names starting with <see cref="App"/>) in each request's trace.
/// </summary>
internal sealed class AsyncWebTrace
{
    public const string App = "AsyncWebSample.";

    public AsyncWebTrace(AsyncWebRun run)
    {
        Run = run;
        Events = run.Events;
    }

    public AsyncWebRun Run { get; }

    public IReadOnlyList<JsonNode> Events { get; }

    public static string? Str(JsonNode node, params string[] path)
    {
        JsonNode? current = node;
        foreach (string name in path)
        {
            current = current?[name];
        }
        return current?.ToString();
    }

    public IEnumerable<JsonNode> OfType(string eventType) => Events.Where(e => Str(e, "event_type") == eventType);

    /// <summary>The one incoming request (server side) for a path.</summary>
    public JsonNode ServerRequest(string path)
    {
        var matches = OfType("http_request").Where(e => Str(e, "http", "request", "kind") == "server"
            && new Uri(Str(e, "http", "request", "url")!).AbsolutePath == path).ToList();
        Assert.True(matches.Count == 1, $"{Run.Way}: {matches.Count} server http_request events for {path}, expected 1; http requests seen: "
            + string.Join(", ", OfType("http_request").Select(e => $"{Str(e, "http", "request", "kind")} {Str(e, "http", "request", "url")}")));
        return matches[0];
    }

    public string TraceOf(string path) => Str(ServerRequest(path), "trace_id")!;

    /// <summary>The traces of the requests the test made (each holds what that request caused, the inner HTTP call included).</summary>
    public HashSet<string> TrafficTraces() => AsyncWebTraffic.Paths.Select(TraceOf).ToHashSet();

    public List<FunctionSpan> Spans(string traceId, string name)
    {
        var exits = OfType("function_exit").Where(e => Str(e, "trace_id") == traceId).ToDictionary(e => Str(e, "span_id")!);
        return OfType("function_entry")
            .Where(e => Str(e, "trace_id") == traceId && Str(e, "function_name") == name)
            .Select(e => new FunctionSpan(name, Str(e, "span_id")!, Str(e, "parent_span_id"), traceId, exits.GetValueOrDefault(Str(e, "span_id")!)))
            .ToList();
    }

    /// <summary>The one call of a function in a trace, with its exit; the failure lists what the trace holds instead.</summary>
    public FunctionSpan One(string traceId, string name)
    {
        var spans = Spans(traceId, name);
        Assert.True(spans.Count == 1, $"{Run.Way}: {spans.Count} calls of {name} in trace {traceId}, expected 1; {DescribeTrace(traceId)}");
        Assert.True(spans[0].Exit is not null, $"{Run.Way}: {name} (span {spans[0].SpanId}) has no function_exit");
        return spans[0];
    }

    /// <summary>What a span id is in this run, for failure messages: a function, an HTTP exchange, or nothing known.</summary>
    public string Describe(string? spanId)
    {
        if (spanId is null)
        {
            return "null (a root span)";
        }
        var start = Events.FirstOrDefault(e => Str(e, "span_id") == spanId && Str(e, "event_type") is "function_entry" or "http_request");
        return start is null ? $"{spanId} (no event of this run starts it)"
            : Str(start, "event_type") == "function_entry" ? $"{spanId} (function {Str(start, "function_name")})"
            : $"{spanId} ({Str(start, "http", "request", "kind")} http_request {Str(start, "http", "request", "url")})";
    }

    public string DescribeTrace(string traceId)
    {
        var functions = Events.Where(e => Str(e, "trace_id") == traceId && Str(e, "event_type") == "function_entry")
            .Select(e => Str(e, "function_name")).ToList();
        return functions.Count == 0 ? "the trace has no function events" : "its functions: " + string.Join(", ", functions);
    }

    /// <summary>
    /// The (event_type, function_name) multiset of the app's functions in the traces of the test's requests; without
    /// static initialization: less the static constructors and everything they called (it runs once per process).
    /// </summary>
    public Dictionary<string, int> FunctionMultiset(bool withoutStaticInitialization = false)
    {
        var traces = TrafficTraces();
        var excluded = withoutStaticInitialization ? StaticInitializationSpans() : new HashSet<string>();
        return Events
            .Where(e => Str(e, "event_type") is "function_entry" or "function_exit"
                && traces.Contains(Str(e, "trace_id")!) && Str(e, "function_name")!.StartsWith(App, StringComparison.Ordinal)
                && !excluded.Contains(Str(e, "span_id")!))
            .GroupBy(e => $"{Str(e, "event_type")} {Str(e, "function_name")}")
            .ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>The span ids of static constructor calls and of every call below one.</summary>
    private HashSet<string> StaticInitializationSpans()
    {
        var entries = OfType("function_entry").ToList();
        var parentOf = entries.ToDictionary(e => Str(e, "span_id")!, e => Str(e, "parent_span_id"));
        var cctors = entries.Where(e => Str(e, "function_name")!.EndsWith("..cctor", StringComparison.Ordinal)).Select(e => Str(e, "span_id")!).ToHashSet();
        bool UnderStaticConstructor(string? spanId)
        {
            for (; spanId is not null; spanId = parentOf.GetValueOrDefault(spanId))
            {
                if (cctors.Contains(spanId))
                {
                    return true;
                }
            }
            return false;
        }
        return parentOf.Keys.Where(UnderStaticConstructor).ToHashSet();
    }
}
