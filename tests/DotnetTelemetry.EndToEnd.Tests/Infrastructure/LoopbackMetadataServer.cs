using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DotnetTelemetry.EndToEnd.Tests.Infrastructure;

/// <summary>A fake cloud metadata service on a free 127.0.0.1 port: answers every request with one JSON body and records the paths asked.</summary>
public sealed class LoopbackMetadataServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _body;
    private readonly Task _loop;

    public LoopbackMetadataServer(string jsonBody)
    {
        _body = jsonBody;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>"METHOD /path?query header=value" for each request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            try
            {
                var context = await _listener.GetContextAsync();
                var request = context.Request;
                Requests.Enqueue($"{request.HttpMethod} {request.Url!.PathAndQuery} Metadata-Flavor={request.Headers["Metadata-Flavor"]}");
                var bytes = Encoding.UTF8.GetBytes(_body);
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        try
        {
            // Close alone: Stop then Close unbinds the port twice, and the managed listener rebinds it in
            // between, failing with "address in use" when a parallel test has taken the port meanwhile.
            _listener.Close();
        }
        catch (HttpListenerException)
        {
        }
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }
}
