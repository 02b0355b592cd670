using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DotnetTelemetry.Shim.Tests.AsyncWeb;

/// <summary>The fixed request sequence every way in gets, one request at a time (so traces never interleave).</summary>
internal static class AsyncWebTraffic
{
    public const string Order = "/orders/1";
    public const string Cancel = "/orders/2/cancel";
    public const string Report = "/reports/daily";

    /// <summary>Each request with the status and a fragment of the body the app answers with or without the agent.</summary>
    private static readonly (string Method, string Path, HttpStatusCode Status, string Body)[] Requests =
    {
        ("GET", Order, HttpStatusCode.OK, "\"inStock\":12"),
        ("POST", Cancel, HttpStatusCode.Conflict, "order 2 has already shipped"),
        ("GET", Report, HttpStatusCode.OK, "\"1 x monitor\""),
    };

    /// <summary>The paths of the requests the test makes (the inner /inventory call is part of the /orders/1 trace).</summary>
    public static IEnumerable<string> Paths => Requests.Select(r => r.Path);

    public static string FreeLoopbackUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>Polls GET / until the app answers (bounded); fails with the app's output when it exits or never answers.</summary>
    public static void WaitUntilServing(string baseUrl, StreamedProcess app)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60) && !app.HasExited)
        {
            try
            {
                using var response = client.GetAsync(baseUrl + "/").GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            Thread.Sleep(200);
        }
        throw new InvalidOperationException($"the sample never answered on {baseUrl}:\n{app.Describe()}");
    }

    /// <summary>Makes the requests in order; throws when an answer differs from the app's own (the agent must not change it).</summary>
    public static void Drive(string baseUrl)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        foreach (var (method, path, status, body) in Requests)
        {
            using var response = client.Send(new HttpRequestMessage(new HttpMethod(method), path));
            string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (response.StatusCode != status || !text.Contains(body, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}, expected {(int)status} with {body}");
            }
        }
    }
}
