using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>The ASP.NET Core sample woven ahead of time: sampling decisions across HTTP calls, for HTTP events and functions alike.</summary>
public class WovenWebSampleTests
{
    [Fact]
    public async Task A_recorded_trace_stays_recorded_across_an_outgoing_call()
    {
        using var agent = new AgentEnvironment();
        string wovenDll = InstrumentWebSample(agent);

        ProcessResult result;
        using (var app = await WebApp.StartAsync(wovenDll, agent.WithAgent()))
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            Assert.Contains("\"price\":101", await client.GetStringAsync("/chain/1"));
            result = app.Stop();
        }
        Assert.Equal(0, result.ExitCode);

        var log = agent.ReadEvents();
        EventAssertions.AllWellFormed(log);
        var outgoing = Assert.Single(log.OfType("http_request"), e => e.Str("http", "request", "kind") == "client");
        var price = Assert.Single(log.OfType("http_request"), e => e.Str("http", "request", "kind") == "server" && e.Str("http", "request", "url")!.EndsWith("/price/1"));
        Assert.Equal(outgoing.Str("span_id"), price.Str("parent_span_id"));

        // The callee's functions are recorded in the caller's trace: the traceparent the call sent said "sampled",
        // so the callee's parent-based sampler kept them (with "not sampled" it dropped them all).
        var endpoint = Assert.Single(log.OfType("function_entry"), e => e.Str("parent_span_id") == price.Str("span_id")
            && e.Str("function_name") == "WebSample.SampleEndpoints.MapSampleEndpoints.<lambda>");
        var catalogPrice = Assert.Single(log.OfType("function_entry"), e => e.Str("function_name") == "WebSample.Catalog.Price");
        Assert.Equal(endpoint.Str("span_id"), catalogPrice.Str("parent_span_id"));
        Assert.All(new[] { price, endpoint, catalogPrice }, e => Assert.Equal(outgoing.Str("trace_id"), e.Str("trace_id")));
    }

    [Fact]
    public async Task An_incoming_traceparent_decides_for_the_whole_request_http_events_and_functions_alike()
    {
        using var agent = new AgentEnvironment();
        string wovenDll = InstrumentWebSample(agent);
        const string keptTrace = "0af7651916cd43dd8448eb211c80319c", droppedTrace = "4bf92f3577b34da6a3ce929d0e0e4736";

        ProcessResult result;
        using (var app = await WebApp.StartAsync(wovenDll, agent.WithAgent()))
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            foreach (var (trace, flags) in new[] { (keptTrace, "01"), (droppedTrace, "00") })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/price/2");
                request.Headers.Add("traceparent", $"00-{trace}-b7ad6b7169203331-{flags}");
                using var response = await client.SendAsync(request);
                Assert.True(response.IsSuccessStatusCode);
            }
            result = app.Stop();
        }
        Assert.Equal(0, result.ExitCode);

        var log = agent.ReadEvents();
        var kept = log.Events.Where(e => e.Str("trace_id") == keptTrace).Select(e => e.Str("event_type")).ToList();
        Assert.Contains("http_request", kept);
        Assert.Contains("function_entry", kept);
        // A caller that did not sample: the parent-based default drops the request's HTTP events with its functions.
        Assert.DoesNotContain(log.Events, e => e.Str("trace_id") == droppedTrace);
    }

    /// <summary>Weaves the web sample ahead of time into the test's folder with the real CLI; returns the woven dll.</summary>
    private static string InstrumentWebSample(AgentEnvironment agent)
    {
        string woven = Path.Combine(agent.Directory, "woven");
        var instrument = ProcessRunner.RunDotnet(Artifacts.CliDll, new[] { "instrument", Path.GetDirectoryName(Artifacts.WebSample)!, "-o", woven });
        Assert.True(instrument.ExitCode == 0, instrument.ToString());
        return Path.Combine(woven, "WebSample.dll");
    }
}
