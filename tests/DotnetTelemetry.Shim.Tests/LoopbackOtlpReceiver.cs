using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>
/// A fake OTLP/HTTP endpoint on a free loopback port: accepts every request (POST, or the GET of a fake metadata
/// service) with 200 and "{}", and keeps its path, body and traceparent header.
/// </summary>
internal sealed class LoopbackOtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, string Body)> _requests = new();
    private readonly ConcurrentQueue<(string Method, string Path, string? Traceparent)> _received = new();

    public LoopbackOtlpReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _ = Task.Run(Serve);
    }

    public string Url { get; }

    public IReadOnlyList<string> Bodies(string path) => _requests.Where(r => r.Path == path).Select(r => r.Body).ToList();

    /// <summary>Every request so far, in arrival order: method, path and traceparent header (null when absent).</summary>
    public IReadOnlyList<(string Method, string Path, string? Traceparent)> Received => _received.ToArray();

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _received.Enqueue((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Headers["traceparent"]));
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                _requests.Enqueue((context.Request.Url!.AbsolutePath, await reader.ReadToEndAsync()));
            }
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync("{}"u8.ToArray());
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
