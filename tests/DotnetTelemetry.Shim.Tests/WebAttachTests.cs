using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>Attach to the ASP.NET Core sample, started with no environment, while it serves requests.</summary>
public class WebAttachTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Attach_to_a_running_web_app_streams_function_http_and_exception_events()
    {
        string dll = Path.Combine(ShimLocator.RepositoryRoot(), "samples", "WebSample", "bin", "Release", "net10.0", "WebSample.dll");
        Assert.True(File.Exists(dll), $"build the samples first ({dll})");
        string url = $"http://127.0.0.1:{FreePort()}";
        using var app = new RunningApp(dll, "--urls", url);
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        Assert.True(WaitUntilServing(client), string.Join("\n", app.Lines));
        string priceBefore = client.GetStringAsync("/price/3").Result;

        string cli = Path.Combine(ShimLocator.AgentHome(), "cli", "dotnet-telemetry.dll");
        var attach = Task.Run(() => ProcessRunner.Run("dotnet", new[] { cli, "attach", app.Pid.ToString(), "--duration", "6" }, new Dictionary<string, string?>(), Timeout));
        // Traffic while attached (the session starts within a second or two).
        var responses = new List<string>();
        var stopAt = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < stopAt)
        {
            responses.Add(client.GetStringAsync("/price/3").Result);
            responses.Add(client.GetStringAsync("/chain/2").Result);
            responses.Add(((int)client.GetAsync("/fail").Result.StatusCode).ToString());
            Thread.Sleep(200);
        }
        var result = attach.Result;

        Assert.True(result.ExitCode == 0, result.StandardError);
        // The app answers exactly as before the attach.
        Assert.All(responses.Where((_, i) => i % 3 == 0), r => Assert.Equal(priceBefore, r));
        Assert.All(responses.Where((_, i) => i % 3 == 2), r => Assert.Equal("500", r));
        var events = result.Lines.Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Contains(events, e => (string?)e["event_type"] == "function_entry" && (string?)e["function_name"] == "WebSample.Catalog.Price");
        Assert.Contains(events, e => (string?)e["event_type"] == "http_request");
        Assert.Contains(events, e => (string?)e["event_type"] == "http_response");
        Assert.Contains(events, e => (string?)e["event_type"] == "exception_entry");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool WaitUntilServing(HttpClient client)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (client.GetAsync("/").Result.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (AggregateException)
            {
            }
            Thread.Sleep(200);
        }
        return false;
    }
}
