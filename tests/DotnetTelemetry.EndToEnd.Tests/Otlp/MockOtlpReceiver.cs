using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests.Otlp;

/// <summary>
/// The OTLP receiver of npm @elastic/mockotlpserver (tests/node-peers/otlp-receiver.js) on a free loopback
/// port. Collects what it decoded: spans and log records (normalised: hex ids, attributes as objects) plus,
/// for http/json, any departure from the OTLP/JSON encoding.
/// </summary>
public sealed class MockOtlpReceiver : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<JsonObject> _requests = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private MockOtlpReceiver(Process process) => _process = process;

    public string Url { get; private set; } = "";

    public List<JsonObject> Spans { get; } = new();
    public List<JsonObject> Logs { get; } = new();
    public List<JsonObject> Resources { get; } = new();
    public List<string> Violations { get; } = new();
    public List<string> ContentTypes { get; } = new();
    /// <summary>Everything received, as JSON text (to look for secrets that must never leave the process).</summary>
    public List<string> Raw { get; } = new();

    public static MockOtlpReceiver Start()
    {
        string peers = Path.Combine(Artifacts.RepositoryRoot, "tests", "node-peers");
        if (!Directory.Exists(Path.Combine(peers, "node_modules", "@elastic", "mockotlpserver")))
            throw new InvalidOperationException($"npm test peers are not installed: run `npm ci` in {peers} (./build.sh test does).");
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = peers,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("otlp-receiver.js");
        info.ArgumentList.Add("0");
        var receiver = new MockOtlpReceiver(Process.Start(info)!);
        receiver._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) receiver._stderr.Enqueue(e.Data); };
        receiver._process.BeginErrorReadLine();
        var first = receiver._process.StandardOutput.ReadLineAsync();
        if (!first.Wait(TimeSpan.FromSeconds(30)) || first.Result is null)
        {
            receiver.Dispose();
            throw new InvalidOperationException("mockotlpserver did not start: " + string.Join("\n", receiver._stderr));
        }
        receiver.Url = (string)JsonNode.Parse(first.Result)!["url"]!;
        _ = Task.Run(receiver.ReadRequests);
        return receiver;
    }

    private async Task ReadRequests()
    {
        string? line;
        while ((line = await _process.StandardOutput.ReadLineAsync()) is not null)
        {
            if (JsonNode.Parse(line) is JsonObject obj && (string?)obj["kind"] == "request") _requests.Add(obj);
        }
        _requests.CompleteAdding();
    }

    /// <summary>Takes requests as they arrive until <paramref name="done"/> holds or the time is up.</summary>
    public void CollectUntil(Func<MockOtlpReceiver, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(this))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_requests.TryTake(out var request, left)) return;
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

    public string Stderr => string.Join("\n", _stderr);

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(3000)) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}

/// <summary>Reading normalised OTLP items.</summary>
public static class Otlp
{
    public static JsonObject Attributes(JsonObject item) => item["attributes"]?.AsObject() ?? new JsonObject();

    public static string? Str(JsonNode? node) => node?.GetValue<object>()?.ToString();

    public static string? Attr(JsonObject item, string key) => Str(Attributes(item)[key]);
}
