using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>The ASP.NET Core sample woven ahead of time, calling itself: function spans on both sides of an HTTP call.</summary>
public class WovenWebSampleTests
{
    [Fact]
    public async Task A_recorded_trace_stays_recorded_across_an_outgoing_call()
    {
        using var agent = new AgentEnvironment();
        string woven = Path.Combine(agent.Directory, "woven");
        var instrument = ProcessRunner.RunDotnet(Artifacts.CliDll, new[] { "instrument", Path.GetDirectoryName(Artifacts.WebSample)!, "-o", woven });
        Assert.True(instrument.ExitCode == 0, instrument.ToString());

        ProcessResult result;
        using (var app = await WebApp.StartAsync(Path.Combine(woven, "WebSample.dll"), agent.WithAgent()))
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
}
