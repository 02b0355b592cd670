using System.Net.Http.Headers;
using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Http;
using DotnetTelemetry.Agent.Internal;

namespace DotnetTelemetry.Agent.Tests;

[Collection(RingCollection.Name)]
public class HttpListenerTests : RingTestBase
{
    private readonly AgentConfig _config = new();
    private readonly DiagnosticSubscriber _subscriber;

    public HttpListenerTests()
    {
        _subscriber = new DiagnosticSubscriber(_config);
        _subscriber.Start();
    }

    public override void Dispose()
    {
        _subscriber.Dispose();
        base.Dispose();
    }

    [Fact]
    public async Task HttpClient_calls_become_request_and_response_events_redacted()
    {
        using var server = new FakeHttpServer(_ => (201, """{"ok":true}"""));
        using var client = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, server.Url + "orders?token=abc&page=2")
        {
            Content = new StringContent("hello", System.Text.Encoding.UTF8, "text/plain"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "secret-token");
        request.Headers.Add("X-Api-Key", "k-123");
        request.Headers.Add("X-Order-Ref", "r-1");
        request.Headers.UserAgent.ParseAdd("tests/1.0");
        using (var response = await client.SendAsync(request))
        {
            Assert.Equal(201, (int)response.StatusCode);
        }

        var events = Drain().Where(e => e.Str("http", "request", "url")?.StartsWith(server.Url) == true).ToList();

        Assert.Equal(new[] { "http_request", "http_response" }, events.Select(e => e.Str("event_type")));
        var sent = events[0];
        Assert.Equal("POST", sent.Str("http", "request", "method"));
        Assert.Equal(server.Url + "orders?token=REDACTED&page=REDACTED", sent.Str("http", "request", "url"));
        Assert.Equal("client", sent.Str("http", "request", "kind"));
        Assert.Equal("REDACTED", sent.Str("http", "request", "headers", "Authorization"));
        Assert.Equal("REDACTED", sent.Str("http", "request", "headers", "X-Api-Key"));
        Assert.Equal("r-1", sent.Str("http", "request", "headers", "X-Order-Ref"));
        Assert.Equal("5", sent.Str("http", "request", "body_bytes"));
        Assert.Equal("tests/1.0", sent.Str("http", "request", "user_agent"));

        var received = events[1];
        Assert.Equal("201", received.Str("http", "response", "status_code"));
        Assert.Equal("11", received.Str("http", "response", "body_bytes"));
        Assert.StartsWith("application/json", received.Str("http", "response", "content_type"));
        Assert.NotNull(received.Str("duration_ns"));
        // One exchange, one span: the ids of the Activity HttpClient put on the wire.
        Assert.Equal(sent.Str("span_id"), received.Str("span_id"));
        Assert.Equal(sent.Str("trace_id"), received.Str("trace_id"));
        var traceparent = server.Requests.Single().Headers["traceparent"];
        Assert.Equal($"00-{sent.Str("trace_id")}-{sent.Str("span_id")}-", traceparent[..(3 + 32 + 1 + 16 + 1)]);
        // The call was recorded, and the header says so: the callee's parent-based sampler keeps its part too.
        Assert.Equal("01", sent.Str("trace_flags"));
        Assert.EndsWith("-01", traceparent);
    }

    [Fact]
    public async Task Failed_calls_end_with_a_failure_response()
    {
        int closedPort = FakeHttpServer.FreePort();
        using var client = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{closedPort}/nothing"));
        var events = Drain().Where(e => e.Str("http", "request", "url")?.Contains($":{closedPort}/") == true).ToList();
        Assert.Equal(new[] { "http_request", "http_response" }, events.Select(e => e.Str("event_type")));
        Assert.Equal("0", events[1].Str("http", "response", "status_code"));
        Assert.Equal("Faulted", events[1].Str("attributes", "http.failure"));
        Assert.Equal("ERROR", events[1].Str("severity"));
    }

    [Fact]
    public async Task The_agents_own_requests_are_not_reported()
    {
        using var server = new FakeHttpServer(_ => (200, "{}"));
        using var client = new HttpClient();
        using (var response = await client.SendAsync(AgentHttp.MarkInternal(new HttpRequestMessage(HttpMethod.Get, server.Url + "internal"))))
        {
            Assert.True(response.IsSuccessStatusCode);
        }
        Assert.DoesNotContain(Drain(), e => e.Str("http", "request", "url")?.StartsWith(server.Url) == true);
    }
}
