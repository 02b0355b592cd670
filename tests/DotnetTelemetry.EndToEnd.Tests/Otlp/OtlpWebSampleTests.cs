using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;
using static DotnetTelemetry.EndToEnd.Tests.Otlp.Otlp;

namespace DotnetTelemetry.EndToEnd.Tests.Otlp;

/// <summary>
/// The ASP.NET Core sample under the real startup hook with <c>DOTNET_TELEMETRY_OUTPUT=otlp</c>, exporting to
/// npm @elastic/mockotlpserver: the span tree of a request that calls the app itself, a failing endpoint,
/// the resource, over http/protobuf and http/json.
/// </summary>
public class OtlpWebSampleTests
{
    [Theory]
    [InlineData("http/protobuf", "application/x-protobuf")]
    [InlineData("http/json", "application/json")]
    public async Task Requests_arrive_as_a_span_tree_with_semantic_convention_attributes(string protocol, string contentType)
    {
        using var receiver = CollectingOtlpReceiver.Start();
        using var agent = new AgentEnvironment();
        var environment = agent.WithAgent(
            ("DOTNET_TELEMETRY_OUTPUT", "otlp"),
            ("OTEL_SERVICE_NAME", "web-sample"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Url),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", protocol),
            ("OTEL_BSP_SCHEDULE_DELAY", "200"),
            ("DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS", "15000"));
        ProcessResult result;
        using (var app = await WebApp.StartAsync(Artifacts.WebSample, environment))
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            var itemsRequest = new HttpRequestMessage(HttpMethod.Get, "/items/1?session=abc123");
            itemsRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "top-secret");
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
            result = app.Stop();
        }
        Assert.False(result.TimedOut, result.ToString());
        Assert.Equal(0, result.ExitCode);

        // Five HTTP spans, and the app's own functions (the hook weaves it) as internal spans inside them.
        static bool IsHttp(JsonObject s) => Str(s["kind"]) is "SPAN_KIND_SERVER" or "SPAN_KIND_CLIENT";
        receiver.CollectUntil(r => r.Spans.Count(IsHttp) >= 5 && r.Spans.Any(s => Str(s["name"]) == "WebSample.Catalog.Explode"), TimeSpan.FromSeconds(30));
        Assert.True(receiver.Spans.Count(IsHttp) == 5, $"expected 5 HTTP spans, got {receiver.Spans.Count(IsHttp)}:\n{string.Join("\n", receiver.Raw)}\n{result}");
        Assert.All(receiver.Spans.Where(s => !IsHttp(s)), s => Assert.Equal("SPAN_KIND_INTERNAL", Str(s["kind"])));
        Assert.All(receiver.ContentTypes, ct => Assert.Equal(contentType, ct));
        Assert.Empty(receiver.Violations);
        Assert.DoesNotContain(receiver.Raw, r => r.Contains("top-secret") || r.Contains("abc123"));

        var resource = receiver.Resources[0];
        Assert.Equal("web-sample", Str(resource["service.name"]));
        Assert.Equal("dotnet", Str(resource["telemetry.sdk.language"]));
        Assert.Equal("dotnet-telemetry", Str(resource["telemetry.sdk.name"]));
        Assert.True(long.Parse(Str(resource["process.pid"])!) > 0);
        Assert.Equal(Environment.MachineName, Str(resource["host.name"]));

        JsonObject Server(string path) => Assert.Single(receiver.Spans, s => Str(s["kind"]) == "SPAN_KIND_SERVER" && Attr(s, "url.path") == path);
        var items = Server("/items/1");
        Assert.Equal("GET", Str(items["name"]));
        Assert.Equal("GET", Attr(items, "http.request.method"));
        Assert.Equal("session=REDACTED", Attr(items, "url.query"));
        Assert.Equal("e2e-tests/1.0", Attr(items, "user_agent.original"));
        Assert.Equal("200", Attr(items, "http.response.status_code"));
        Assert.NotEqual("STATUS_CODE_ERROR", Str(items["status"]?["code"]));

        // /chain/1 -> HttpClient -> /price/1: one trace, parent links server -> endpoint -> client -> server (the hook
        // weaves the app, and the call nests under the woven endpoint that made it).
        JsonObject Function(string name) => Assert.Single(receiver.Spans, s => Str(s["name"]) == name);
        JsonObject Parent(JsonObject span) => Assert.Single(receiver.Spans, s => Str(s["spanId"]) == Str(span["parentSpanId"]));
        var chain = Server("/chain/1");
        var price = Server("/price/1");
        var outgoing = Assert.Single(receiver.Spans, s => Str(s["kind"]) == "SPAN_KIND_CLIENT");
        Assert.EndsWith("/price/1", Attr(outgoing, "url.full"));
        Assert.Equal("200", Attr(outgoing, "http.response.status_code"));
        Assert.Equal(Str(chain["traceId"]), Str(outgoing["traceId"]));
        Assert.Equal(Str(chain["traceId"]), Str(price["traceId"]));
        var chainEndpoint = Parent(outgoing);
        Assert.Equal("WebSample.SampleEndpoints.MapSampleEndpoints.<lambda>", Str(chainEndpoint["name"]));
        Assert.Equal(Str(chain["spanId"]), Str(chainEndpoint["parentSpanId"]));
        Assert.Equal(Str(outgoing["spanId"]), Str(price["parentSpanId"]));
        Assert.True(ulong.Parse(Str(outgoing["startTimeUnixNano"])!) >= ulong.Parse(Str(chain["startTimeUnixNano"])!));
        Assert.True(ulong.Parse(Str(outgoing["endTimeUnixNano"])!) <= ulong.Parse(Str(chain["endTimeUnixNano"])!));
        // /price/1's endpoint (a lambda) calls Catalog.Price: server span -> endpoint -> Catalog.Price.
        var catalogPrice = Function("WebSample.Catalog.Price");
        Assert.Equal(Str(price["spanId"]), Str(Parent(catalogPrice)["parentSpanId"]));

        // /fail: a 500 server span, status ERROR; the endpoint's exception is recorded where it was thrown, on the
        // woven Catalog.Explode, inside the endpoint's span inside the request's.
        var fail = Server("/fail");
        Assert.Equal("500", Attr(fail, "http.response.status_code"));
        Assert.Equal("STATUS_CODE_ERROR", Str(fail["status"]!["code"]));
        var explode = Function("WebSample.Catalog.Explode");
        Assert.Equal("WebSample.SampleEndpoints.MapSampleEndpoints.<lambda>", Str(Parent(explode)["name"]));
        Assert.Equal(Str(fail["spanId"]), Str(Parent(explode)["parentSpanId"])); // see WebSampleTests: not the /chain endpoint's
        Assert.Equal("STATUS_CODE_ERROR", Str(explode["status"]!["code"]));
        var exception = Assert.Single(explode["events"]!.AsArray(), e => Str(e!["name"]) == "exception")!.AsObject();
        Assert.Equal("System.InvalidOperationException", Attr(exception, "exception.type"));
        Assert.Equal("the catalog exploded", Attr(exception, "exception.message"));
        Assert.Contains("WebSample.Catalog.Explode", Attr(exception, "exception.stacktrace"));
    }
}
