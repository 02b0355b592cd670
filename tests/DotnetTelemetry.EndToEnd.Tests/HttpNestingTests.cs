using System.Text.Json;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>
/// An outgoing HttpClient call made inside a woven function is that function's child, in its trace, and the
/// <c>traceparent</c> it sends names the call's own span: in a web request (the sample calling itself) and in a console
/// app with no incoming request alike, under <c>dotnet-telemetry run</c> on real processes.
/// </summary>
public class HttpNestingTests
{
    [Fact]
    public async Task In_a_web_request_the_call_nests_under_the_woven_endpoint_and_the_callee_under_the_call()
    {
        using var agent = new AgentEnvironment();
        var environment = agent.Fence();
        environment["DOTNET_TELEMETRY_WEAVE_CACHE"] = Path.Combine(agent.Directory, "weave-cache");

        ProcessResult result;
        using (var app = await WebApp.StartAsync(ProcessRunner.DotnetHost,
                   new[] { Artifacts.CliDll, "run", "--mode", "weave", "-o", "file:" + agent.EventsFile, "--", ProcessRunner.DotnetHost, Artifacts.WebSample },
                   environment))
        {
            // The first /chain builds the pooled handler of the app's IHttpClientFactory: on .NET 10 that runs on a pool
            // thread, so that call starts after a hop, outside the endpoint (a documented limit). The second is the case.
            // Each on a connection of its own, so the second request starts from Kestrel's connection loop and never,
            // on a kept-alive connection, inline in the first endpoint's continuation (where that span is still current).
            using var first = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            using var second = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            Assert.Contains("\"price\":101", await first.GetStringAsync("/chain/1"));
            Assert.Contains("\"price\":201", await second.GetStringAsync("/chain/2"));
            result = app.Stop();
        }
        Assert.True(result.ExitCode == 0, result.ToString());

        var log = agent.ReadEvents();
        EventAssertions.AllWellFormed(log);
        string Context() => $"{result}\n--- events ---\n{string.Join('\n', log.Lines.Where(l => !l.Contains("\"agent_status\"")))}";
        var servers = log.OfType("http_request").Where(e => e.Str("http", "request", "kind") == "server").ToList();
        var chain = Single(servers, e => e.Str("http", "request", "url")!.EndsWith("/chain/2"), Context);
        var price = Single(servers, e => e.Str("http", "request", "url")!.EndsWith("/price/2"), Context);
        var outgoing = Single(log.OfType("http_request"), e => e.Str("http", "request", "kind") == "client"
            && e.Str("http", "request", "url")!.EndsWith("/price/2"), Context);
        // The /chain endpoint's woven lambda: the request's child, and the function that made the call.
        var endpoint = Single(log.OfType("function_entry"), e => e.Str("parent_span_id") == chain.Str("span_id")
            && e.Str("function_name") == "WebSample.SampleEndpoints.MapSampleEndpoints.<lambda>", Context);

        Assert.Equal(endpoint.Str("span_id"), outgoing.Str("parent_span_id"));
        Assert.Equal(outgoing.Str("span_id"), price.Str("parent_span_id"));
        Assert.All(new[] { endpoint, outgoing, price }, e => Assert.Equal(chain.Str("trace_id"), e.Str("trace_id")));

        // The first call, after the hop, still stays in its request's trace (under the request's span).
        var firstChain = Single(servers, e => e.Str("http", "request", "url")!.EndsWith("/chain/1"), Context);
        var firstCall = Single(log.OfType("http_request"), e => e.Str("http", "request", "kind") == "client"
            && e.Str("http", "request", "url")!.EndsWith("/price/1"), Context);
        Assert.Equal(firstChain.Str("trace_id"), firstCall.Str("trace_id"));
    }

    [Theory]
    [InlineData("weave")]
    [InlineData("profiler")]
    public void In_a_console_app_each_call_nests_under_its_function_and_the_wire_names_the_call(string mode)
    {
        using var agent = new AgentEnvironment();
        var environment = agent.Fence();
        environment["DOTNET_TELEMETRY_WEAVE_CACHE"] = Path.Combine(agent.Directory, "weave-cache");
        var result = ProcessRunner.RunDotnet(Artifacts.CliDll,
            new[] { "run", "--mode", mode, "-o", "file:" + agent.EventsFile, "--", ProcessRunner.DotnetHost, Artifacts.HttpNestSample },
            environment, TimeSpan.FromSeconds(120));
        Assert.True(result.ExitCode == 0 && !result.TimedOut, result.ToString());

        var log = agent.ReadEvents();
        EventAssertions.AllWellFormed(log);
        string Context() => $"{result}\n--- events ---\n{string.Join('\n', log.Lines.Where(l => !l.Contains("\"agent_status\"")))}";
        var received = result.StdoutReport();
        foreach (var (name, function) in new[] { ("sync", "FetchSync"), ("async", "FetchAsync"), ("worker", "FetchFromWorker") })
        {
            var caller = Single(log.OfType("function_entry"), e => e.Str("function_name") == "HttpNestSample.Calls." + function, Context);
            var call = Single(log.OfType("http_request"), e => e.Str("http", "request", "url")!.EndsWith("/" + name), Context);
            Assert.Equal(caller.Str("trace_id"), call.Str("trace_id"));
            Assert.Equal(caller.Str("span_id"), call.Str("parent_span_id"));
            Assert.Equal($"00-{call.Str("trace_id")}-{call.Str("span_id")}-01", received[name + " traceparent"]);
            Single(log.OfType("http_response"), e => e.Str("span_id") == call.Str("span_id") && e.Str("http", "response", "status_code") == "200", Context);
        }
    }

    /// <summary>The one event matching <paramref name="match"/>; on failure the message shows the run's output and events.</summary>
    private static JsonElement Single(IEnumerable<JsonElement> events, Func<JsonElement, bool> match, Func<string> context)
    {
        var found = events.Where(match).ToList();
        Assert.True(found.Count == 1, $"{found.Count} matching events, expected 1\n{context()}");
        return found[0];
    }
}
