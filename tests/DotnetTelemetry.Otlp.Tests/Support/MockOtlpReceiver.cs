using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace DotnetTelemetry.Otlp.Tests.Support;

/// <summary>
/// The real OTLP receiver from npm @elastic/mockotlpserver, run by tests/node-peers/otlp-receiver.js
/// on a free loopback port. Each request it receives arrives here as one JSON line.
/// </summary>
internal sealed class MockOtlpReceiver : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<JsonObject> _requests = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private MockOtlpReceiver(Process process) => _process = process;

    public string Url { get; private set; } = "";

    public static MockOtlpReceiver Start()
    {
        var process = Process.Start(NodePeers.Node("otlp-receiver.js", "0"))!;
        var receiver = new MockOtlpReceiver(process);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) receiver._stderr.Enqueue(e.Data); };
        process.BeginErrorReadLine();
        var first = process.StandardOutput.ReadLineAsync();
        if (!first.Wait(TimeSpan.FromSeconds(60)) || first.Result is null)
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

    /// <summary>The next request received, or a failure naming what the receiver said.</summary>
    public JsonObject NextRequest(TimeSpan timeout)
    {
        if (_requests.TryTake(out var request, timeout)) return request;
        throw new TimeoutException($"mockotlpserver received nothing within {timeout}. Its stderr:\n" + string.Join("\n", _stderr));
    }

    public bool TryNextRequest(TimeSpan timeout, out JsonObject? request) => _requests.TryTake(out request, timeout);

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
