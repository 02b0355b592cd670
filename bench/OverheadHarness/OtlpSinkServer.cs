using System.Net;
using System.Net.Sockets;

namespace OverheadHarness;

/// <summary>
/// A loopback OTLP/HTTP receiver that accepts every export and throws it away (an empty protobuf response is a
/// full success), so the OpenTelemetry SDK configuration pays for exporting but not for a real backend.
/// </summary>
internal sealed class OtlpSinkServer : IDisposable
{
    private readonly HttpListener _listener = new();

    public OtlpSinkServer()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public long Requests;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            try
            {
                var context = await _listener.GetContextAsync();
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                Interlocked.Increment(ref Requests);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.ContentLength64 = 0;
                context.Response.Close();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
            }
        }
    }

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose() => _listener.Close();
}
