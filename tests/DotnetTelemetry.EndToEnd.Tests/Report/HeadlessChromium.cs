using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DotnetTelemetry.EndToEnd.Tests.Report;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol on a loopback WebSocket: open a file, evaluate
/// JavaScript in the page, collect console errors and uncaught exceptions, take a screenshot. `./build.sh test`
/// installs the `chromium` package (as it installs umoci); without it these tests fail saying so.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly Task _receiving;
    private int _nextId;

    /// <summary>Console errors, uncaught exceptions and error log entries the page produced.</summary>
    public List<string> Errors { get; } = new();

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
        _receiving = Task.CompletedTask;
    }

    private HeadlessChromium(Process process, string profile, Uri pageSocket) : this(process, profile)
    {
        _socket.ConnectAsync(pageSocket, CancellationToken.None).GetAwaiter().GetResult();
        _receiving = Task.Run(ReceiveLoop);
    }

    public static async Task<HeadlessChromium> StartAsync(int width = 1400, int height = 1000)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install Debian's chromium package (./build.sh test does)");
        string profile = Directory.CreateTempSubdirectory("report-chromium-").FullName;
        // The flags keep Chromium off the network (this machine has none) and out of the sandbox (tests run as root).
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string flag in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1",
                     "--remote-debugging-port=0", $"--user-data-dir={profile}", $"--window-size={width},{height}", "about:blank",
                 })
        {
            start.ArgumentList.Add(flag);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        // Chromium says on stderr where its DevTools endpoint listens: "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID".
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("DevTools listening on ", StringComparison.Ordinal) == true) listening.TrySetResult(e.Data["DevTools listening on ".Length..]);
        };
        process.BeginErrorReadLine();
        if (await Task.WhenAny(listening.Task, Task.Delay(TimeSpan.FromSeconds(30))) != listening.Task)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new InvalidOperationException("chromium did not open its DevTools endpoint within 30 s");
        }
        var browserSocket = new Uri(listening.Task.Result);
        using var http = new HttpClient();
        string targets = await http.GetStringAsync($"http://127.0.0.1:{browserSocket.Port}/json/list");
        var page = JsonNode.Parse(targets)!.AsArray().First(t => (string?)t!["type"] == "page")!;
        var chromium = new HeadlessChromium(process, profile, new Uri((string)page["webSocketDebuggerUrl"]!));
        await chromium.SendAsync("Runtime.enable");
        await chromium.SendAsync("Log.enable");
        await chromium.SendAsync("Page.enable");
        return chromium;
    }

    public async Task OpenAsync(string path)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(path)).AbsoluteUri });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await EvaluateAsync("document.readyState === 'complete' && document.body && document.body.dataset.rendered === 'true'"))?.GetValue<bool>() != true)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the page did not finish rendering; errors: {string.Join(" | ", Errors)}");
            await Task.Delay(100);
        }
    }

    /// <summary>The value of a JavaScript expression (JSON-serialisable), evaluated in the page.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } exception) throw new InvalidOperationException($"evaluating failed: {exception.ToJsonString()}");
        return result["result"]?["value"];
    }

    public async Task ScreenshotAsync(string path, bool fullPage)
    {
        var parameters = new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = fullPage };
        var result = await SendAsync("Page.captureScreenshot", parameters);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((string)result["data"]!));
    }

    public async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        var done = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_pending)
        {
            id = ++_nextId;
            _pending[id] = done;
        }
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        if (await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(30))) != done.Task) throw new TimeoutException($"no answer to {method}");
        return done.Task.Result;
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage) continue;
                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                Dispatch(node);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private void Dispatch(JsonNode node)
    {
        if (node["id"] is { } idNode)
        {
            TaskCompletionSource<JsonNode>? waiting;
            lock (_pending) _pending.Remove(idNode.GetValue<int>(), out waiting);
            if (node["error"] is { } error) waiting?.TrySetException(new InvalidOperationException(error.ToJsonString()));
            else waiting?.TrySetResult(node["result"] ?? new JsonObject());
            return;
        }
        string? method = (string?)node["method"];
        var parameters = node["params"];
        lock (Errors)
        {
            if (method == "Runtime.exceptionThrown") Errors.Add("exception: " + parameters?["exceptionDetails"]?.ToJsonString());
            else if (method == "Runtime.consoleAPICalled" && (string?)parameters?["type"] == "error") Errors.Add("console.error: " + parameters?["args"]?.ToJsonString());
            else if (method == "Log.entryAdded" && (string?)parameters?["entry"]?["level"] == "error") Errors.Add("log: " + parameters?["entry"]?["text"]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception e) when (e is WebSocketException or TimeoutException or InvalidOperationException) { }
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _socket.Dispose();
        await _receiving.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { }
    }
}
