using System.Text.Json.Nodes;

namespace DotnetTelemetry.Otlp.Tests.Support;

/// <summary>Reads mockotlpserver's normalised requests: spans and log records with their resource.</summary>
internal sealed class ReceivedOtlp
{
    public List<JsonObject> Spans { get; } = new();
    public List<JsonObject> Logs { get; } = new();
    public List<JsonObject> Resources { get; } = new();
    public List<JsonObject> Scopes { get; } = new();
    public List<string> ContentTypes { get; } = new();
    public List<string> Violations { get; } = new();

    public void Add(JsonObject request)
    {
        ContentTypes.Add((string)request["contentType"]!);
        foreach (var v in request["violations"]!.AsArray()) Violations.Add((string)v!);
        var data = request["data"]!.AsObject();
        bool traces = (string)request["signal"]! == "traces";
        foreach (var resourceItem in (data[traces ? "resourceSpans" : "resourceLogs"] ?? new JsonArray()).AsArray())
        {
            Resources.Add(resourceItem!["resource"]!["attributes"]!.AsObject());
            foreach (var scopeItem in resourceItem[traces ? "scopeSpans" : "scopeLogs"]!.AsArray())
            {
                Scopes.Add(scopeItem!["scope"]!.AsObject());
                foreach (var item in scopeItem[traces ? "spans" : "logRecords"]!.AsArray())
                    (traces ? Spans : Logs).Add(item!.AsObject());
            }
        }
    }

    /// <summary>Collects requests until <paramref name="done"/> holds, or fails after the timeout.</summary>
    public static ReceivedOtlp Collect(MockOtlpReceiver receiver, Func<ReceivedOtlp, bool> done, TimeSpan timeout)
    {
        var received = new ReceivedOtlp();
        var deadline = DateTime.UtcNow + timeout;
        while (!done(received))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) break;
            received.Add(receiver.NextRequest(left));
        }
        return received;
    }

    public JsonObject Span(string name) =>
        Spans.SingleOrDefault(s => (string?)s["name"] == name) ?? throw new Xunit.Sdk.XunitException(
            $"no span named {name}; received: {string.Join(", ", Spans.Select(s => (string?)s["name"]))}");

    public static JsonObject Attributes(JsonObject item) => item["attributes"]?.AsObject() ?? new JsonObject();

    public static string? Str(JsonNode? node) => node?.GetValue<object>()?.ToString();

    public static long Long(JsonNode? node) => long.Parse(Str(node) ?? throw new Xunit.Sdk.XunitException("missing number"));

    public static ulong Nanos(JsonNode? node) => ulong.Parse(Str(node) ?? throw new Xunit.Sdk.XunitException("missing time"));
}
