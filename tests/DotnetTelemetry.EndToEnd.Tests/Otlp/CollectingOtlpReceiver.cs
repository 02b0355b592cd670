using System.Text.Json.Nodes;
using DotnetTelemetry.Otlp.Tests.Support;

namespace DotnetTelemetry.EndToEnd.Tests.Otlp;

/// <summary>
/// The npm @elastic/mockotlpserver receiver (the Otlp suite's <see cref="MockOtlpReceiver"/>, linked) with what it
/// decoded collected by kind: spans and log records (normalised: hex ids, attributes as objects) plus, for
/// http/json, any departure from the OTLP/JSON encoding.
/// </summary>
public sealed class CollectingOtlpReceiver : IDisposable
{
    private readonly MockOtlpReceiver _receiver;

    private CollectingOtlpReceiver(MockOtlpReceiver receiver) => _receiver = receiver;

    public static CollectingOtlpReceiver Start() => new(MockOtlpReceiver.Start());

    public string Url => _receiver.Url;

    public List<JsonObject> Spans { get; } = new();
    public List<JsonObject> Logs { get; } = new();
    public List<JsonObject> Resources { get; } = new();
    public List<string> Violations { get; } = new();
    public List<string> ContentTypes { get; } = new();
    /// <summary>Everything received, as JSON text (to look for secrets that must never leave the process).</summary>
    public List<string> Raw { get; } = new();

    /// <summary>Takes requests as they arrive until <paramref name="done"/> holds or the time is up.</summary>
    public void CollectUntil(Func<CollectingOtlpReceiver, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(this))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_receiver.TryNextRequest(left, out var request) || request is null) return;
            Add(request);
        }
    }

    private void Add(JsonObject request)
    {
        Raw.Add(request.ToJsonString());
        ContentTypes.Add((string)request["contentType"]!);
        foreach (var v in request["violations"]!.AsArray()) Violations.Add((string)v!);
        bool traces = (string)request["signal"]! == "traces";
        var data = request["data"]!.AsObject();
        foreach (var resource in (data[traces ? "resourceSpans" : "resourceLogs"] ?? new JsonArray()).AsArray())
        {
            Resources.Add(resource!["resource"]!["attributes"]!.AsObject());
            foreach (var scope in resource[traces ? "scopeSpans" : "scopeLogs"]!.AsArray())
            foreach (var item in scope![traces ? "spans" : "logRecords"]!.AsArray())
                (traces ? Spans : Logs).Add(item!.AsObject());
        }
    }

    public void Dispose() => _receiver.Dispose();
}

/// <summary>Reading normalised OTLP items.</summary>
public static class Otlp
{
    public static JsonObject Attributes(JsonObject item) => item["attributes"]?.AsObject() ?? new JsonObject();

    public static string? Str(JsonNode? node) => node?.GetValue<object>()?.ToString();

    public static string? Attr(JsonObject item, string key) => Str(Attributes(item)[key]);
}
