using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>A fake OTLP/HTTP endpoint on a free loopback port: accepts every POST and keeps its body.</summary>
internal sealed class LoopbackOtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, string Body)> _requests = new();

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
