using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DotnetTelemetry.EndToEnd.Tests.Otlp;

/// <summary>A scripted answer of the fake receiver.</summary>
internal sealed record ScriptedAnswer(int Status, string? RetryAfter = null, byte[]? Body = null, string ContentType = "application/x-protobuf", TimeSpan Delay = default);

/// <summary>One request the fake receiver got.</summary>
internal sealed record ScriptedRequest(string Path, Dictionary<string, string> Headers, byte[] Body, DateTime ReceivedUtc);

/// <summary>
/// A minimal HTTP/1.1 receiver on a free loopback port that answers each request as scripted
/// (status, Retry-After, body, a delay before answering) and records what it received.
/// </summary>
internal sealed class ScriptedOtlpReceiver : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, ScriptedAnswer> _answer;
    private readonly CancellationTokenSource _stop = new();
    private int _count;

    public ScriptedOtlpReceiver(Func<int, ScriptedAnswer> answer)
    {
        _answer = answer;
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public ConcurrentQueue<ScriptedRequest> Requests { get; } = new();

    /// <summary>A loopback URL where nothing listens (the port was free a moment ago).</summary>
    public static string DeadUrl()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return $"http://127.0.0.1:{port}";
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (path, headers) = await ReadHead(stream);
                int length = headers.TryGetValue("content-length", out var text) ? int.Parse(text) : 0;
                var body = new byte[length];
                await stream.ReadExactlyAsync(body, _stop.Token);
                Requests.Enqueue(new ScriptedRequest(path, headers, body, DateTime.UtcNow));
                var answer = _answer(Interlocked.Increment(ref _count));
                if (answer.Delay > TimeSpan.Zero) await Task.Delay(answer.Delay, _stop.Token);
                var responseBody = answer.Body ?? Array.Empty<byte>();
                var head = new StringBuilder($"HTTP/1.1 {answer.Status} Status\r\n");
                head.Append($"Content-Type: {answer.ContentType}\r\nContent-Length: {responseBody.Length}\r\nConnection: close\r\n");
                if (answer.RetryAfter is not null) head.Append($"Retry-After: {answer.RetryAfter}\r\n");
                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                await stream.WriteAsync(responseBody, _stop.Token);
            }
            catch (Exception)
            {
                // The client gave up (timeout) or the test ended: nothing to answer.
            }
        }
    }

    private async Task<(string Path, Dictionary<string, string> Headers)> ReadHead(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (!(bytes.Count >= 4 && bytes[^1] == '\n' && bytes[^2] == '\r' && bytes[^3] == '\n' && bytes[^4] == '\r'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0) throw new EndOfStreamException();
            bytes.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString(bytes.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return (lines[0].Split(' ')[1], headers);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
