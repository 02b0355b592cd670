using System.Net;
using System.Net.Http.Headers;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>The ASP.NET Core sample under the real startup hook: incoming and outgoing HTTP, an endpoint that throws.</summary>
public class WebSampleTests
{
    [Fact]
    public async Task Requests_in_and_out_become_http_events_with_one_trace_per_request()
    {
        using var agent = new AgentEnvironment();
        ProcessResult result;
        using (var app = await WebApp.StartAsync(Artifacts.WebSample, agent.WithAgent(("OTEL_SERVICE_NAME", "web-sample"), ("DOTNET_TELEMETRY_STATUS_INTERVAL", "1"))))
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            var itemsRequest = new HttpRequestMessage(HttpMethod.Get, "/items/1?session=abc123");
            itemsRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "top-secret");
            itemsRequest.Headers.Add("Cookie", "sid=s3cr3t");
            itemsRequest.Headers.UserAgent.ParseAdd("e2e-tests/1.0");
            using (var response = await client.SendAsync(itemsRequest))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            Assert.Contains("\"price\":101", await client.GetStringAsync("/chain/1"));
            using (var failed = await client.GetAsync("/fail"))
            {
                Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            }
            // While it runs, the periodic status event arrives on its own (interval 1 s).
            Assert.True(await WaitForAsync(() => File.Exists(agent.EventsFile) && File.ReadAllText(agent.EventsFile).Contains("\"agent_status\""), TimeSpan.FromSeconds(15)),
                "no periodic agent_status event while the app ran");
            result = app.Stop();
        }
        Assert.False(result.TimedOut, result.ToString());
        Assert.Equal(0, result.ExitCode);

        var log = agent.ReadEvents();
        EventAssertions.AllWellFormed(log);
        SchemaCheck.AllValid(log);
        Assert.All(log.Events, e => Assert.Equal("web-sample", e.Str("service", "name")));
        string all = string.Join('\n', log.Lines);
        Assert.DoesNotContain("top-secret", all);
        Assert.DoesNotContain("s3cr3t", all);
        Assert.DoesNotContain("abc123", all);

        var servers = log.OfType("http_request").Where(e => e.Str("http", "request", "kind") == "server").ToList();
        var serverResponses = log.OfType("http_response").Where(e => e.Str("http", "request", "kind") == "server").ToList();

        // /items/1: method, redacted query and headers, user agent; the response with its status and content type.
        var items = Assert.Single(servers, e => e.Str("http", "request", "url")!.Contains("/items/1"));
        Assert.Equal("GET", items.Str("http", "request", "method"));
        Assert.EndsWith("/items/1?session=REDACTED", items.Str("http", "request", "url"));
        Assert.Equal("REDACTED", items.Str("http", "request", "headers", "Authorization"));
        Assert.Equal("REDACTED", items.Str("http", "request", "headers", "Cookie"));
        Assert.Equal("e2e-tests/1.0", items.Str("http", "request", "user_agent"));
        var itemsResponse = Assert.Single(serverResponses, e => e.Str("span_id") == items.Str("span_id"));
        Assert.Equal("200", itemsResponse.Str("http", "response", "status_code"));
        Assert.StartsWith("application/json", itemsResponse.Str("http", "response", "content_type"));
        Assert.NotNull(itemsResponse.Str("duration_ms"));

        // /chain/1 calls /price/1 through HttpClient: server span -> endpoint -> client span -> server span, one trace
        // (the hook weaves the app, and the call nests under the woven endpoint that made it).
        var chain = Assert.Single(servers, e => e.Str("http", "request", "url")!.EndsWith("/chain/1"));
        var outgoing = Assert.Single(log.OfType("http_request"), e => e.Str("http", "request", "kind") == "client");
        var price = Assert.Single(servers, e => e.Str("http", "request", "url")!.EndsWith("/price/1"));
        Assert.EndsWith("/price/1", outgoing.Str("http", "request", "url"));
        Assert.Equal(chain.Str("trace_id"), outgoing.Str("trace_id"));
        Assert.Equal(chain.Str("trace_id"), price.Str("trace_id"));
        var chainEndpoint = Assert.Single(log.OfType("function_entry"), e => e.Str("span_id") == outgoing.Str("parent_span_id"));
        Assert.Equal("WebSample.SampleEndpoints.MapSampleEndpoints.<lambda>", chainEndpoint.Str("function_name"));
        Assert.Equal(chain.Str("span_id"), chainEndpoint.Str("parent_span_id"));
        Assert.Equal(outgoing.Str("span_id"), price.Str("parent_span_id"));
        Assert.Single(log.OfType("http_response"), e => e.Str("http", "request", "kind") == "client" && e.Str("http", "response", "status_code") == "200");

        // /fail: the endpoint's exception, thrown inside the request's span, and a 500.
        var fail = Assert.Single(servers, e => e.Str("http", "request", "url")!.EndsWith("/fail"));
        var failResponse = Assert.Single(serverResponses, e => e.Str("span_id") == fail.Str("span_id"));
        Assert.Equal("500", failResponse.Str("http", "response", "status_code"));
        Assert.Equal("ERROR", failResponse.Str("severity"));
        var thrown = Assert.Single(log.OfType("exception_entry"), e => e.Str("error", "message") == "the catalog exploded");
        Assert.Equal("System.InvalidOperationException", thrown.Str("error", "type"));
        Assert.Contains("WebSample.Catalog.Explode", thrown.Str("error", "stacktrace"));
        Assert.Equal(fail.Str("trace_id"), thrown.Str("trace_id"));
        // The hook weaves the app: the exception belongs to the innermost span, the woven Catalog.Explode, which
        // runs inside the endpoint's span inside the request's.
        var explode = Assert.Single(log.OfType("function_entry"), e => e.Str("function_name") == "WebSample.Catalog.Explode");
        Assert.Equal(explode.Str("span_id"), thrown.Str("span_id"));
        var endpoint = Assert.Single(log.OfType("function_entry"), e => e.Str("span_id") == explode.Str("parent_span_id"));
        Assert.Equal("WebSample.SampleEndpoints.MapSampleEndpoints.<lambda>", endpoint.Str("function_name"));
        // And the endpoint is /fail's, even though the async /chain endpoint ran before it on the same keep-alive
        // connection: its completion may run the connection's loop inline, which must not stay under its span.
        Assert.Equal(fail.Str("span_id"), endpoint.Str("parent_span_id"));
        Assert.Contains(log.OfType("exception_exit"), e => e.Str("error", "message") == "the catalog exploded" && e.Str("attributes", "exception.handled") == "true");

        // Periodic status events plus the one at exit, with the file output's counters.
        var statuses = log.OfType("agent_status").ToList();
        Assert.True(statuses.Count >= 2, $"{statuses.Count} status events");
        Assert.NotEqual("0", statuses[^1].Str("attributes", "sink.file.exported"));
        Assert.Equal("0", statuses[^1].Str("attributes", "ring.dropped"));
    }

    [Fact]
    public async Task Without_header_capture_requests_keep_their_user_agent_and_carry_no_headers()
    {
        using var agent = new AgentEnvironment();
        ProcessResult result;
        using (var app = await WebApp.StartAsync(Artifacts.WebSample, agent.WithAgent(("DOTNET_TELEMETRY_CAPTURE_HEADERS", "false"))))
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            var withAgent = new HttpRequestMessage(HttpMethod.Get, "/items/1");
            withAgent.Headers.UserAgent.ParseAdd("e2e-tests/2.0");
            using (var response = await client.SendAsync(withAgent))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            using (var response = await client.GetAsync("/items/2"))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            result = app.Stop();
        }
        Assert.Equal(0, result.ExitCode);

        var log = agent.ReadEvents();
        SchemaCheck.AllValid(log);
        var servers = log.OfType("http_request").Where(e => e.Str("http", "request", "kind") == "server").ToList();
        var first = Assert.Single(servers, e => e.Str("http", "request", "url")!.EndsWith("/items/1"));
        var second = Assert.Single(servers, e => e.Str("http", "request", "url")!.EndsWith("/items/2"));
        Assert.Equal("e2e-tests/2.0", first.Str("http", "request", "user_agent"));
        Assert.Null(second.Str("http", "request", "user_agent")); // no User-Agent header sent: none reported
        Assert.All(log.OfType("http_request").Concat(log.OfType("http_response")), e =>
        {
            Assert.Null(e.Str("http", "request", "headers"));
            Assert.Null(e.Str("http", "response", "headers"));
        });
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (condition())
            {
                return true;
            }
            await Task.Delay(100);
        }
        return condition();
    }
}
