using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HttpNestSample;

/// <summary>
/// A loopback HTTP listener (127.0.0.1, a free port) that answers every request with the <c>traceparent</c> header it
/// received, or "none": what the callee of an instrumented call would see.
/// </summary>
public sealed class TraceparentListener : IDisposable
{
    private readonly HttpListener _listener = new();

    public TraceparentListener()
    {
        Url = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            var body = Encoding.UTF8.GetBytes(context.Request.Headers["traceparent"] ?? "none");
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength64 = body.Length;
            context.Response.OutputStream.Write(body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose() => _listener.Close();
}
