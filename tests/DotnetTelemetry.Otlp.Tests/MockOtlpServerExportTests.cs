using System.Text.Json.Nodes;
using DotnetTelemetry.Otlp.Delivery;
using DotnetTelemetry.Otlp.Tests.Support;
using static DotnetTelemetry.Otlp.Tests.Support.ReceivedOtlp;

namespace DotnetTelemetry.Otlp.Tests;

/// <summary>
/// Exports a synthetic checkout scenario to the real OTLP receiver of npm @elastic/mockotlpserver,
/// over http/protobuf and http/json, and checks the span tree, attributes, resource and log records
/// as the receiver decoded them.
/// </summary>
public sealed class MockOtlpServerExportTests
{
    private const long Base = 1_700_000_000_000_000_000;
    private static readonly string[] DeprecatedNames =
    {
        "http.method", "http.url", "http.status_code", "http.target", "http.scheme", "http.user_agent",
        "code.function", "code.filepath", "code.lineno", "code.namespace", "deployment.environment",
        "net.peer.name", "net.peer.port", "net.host.name", "thread.name",
    };

    [Theory]
    [InlineData(OtlpProtocol.HttpProtobuf, "application/x-protobuf")]
    [InlineData(OtlpProtocol.HttpJson, "application/json")]
    public void Receiver_decodes_the_span_tree_resource_and_logs(OtlpProtocol protocol, string contentType)
    {
        using var receiver = MockOtlpReceiver.Start();
        var options = new OtlpExporterOptions { Protocol = protocol, ScheduleDelay = TimeSpan.FromMilliseconds(50) };
        options = WithEndpoint(options, receiver.Url);
        using (var sink = new OtlpSink(options))
        {
            EventScript.CheckoutScenario().PlayInto(sink);
            Assert.True(sink.ForceFlush(TimeSpan.FromSeconds(60)), "export did not complete");
            Assert.Equal(new DotnetTelemetry.Schema.SinkCounters(6, 0, 0), sink.Counters);
        }
        var received = Collect(receiver, r => r.Spans.Count >= 5 && r.Logs.Count >= 1, TimeSpan.FromSeconds(60));

        Assert.All(received.ContentTypes, ct => Assert.Equal(contentType, ct));
        Assert.Empty(received.Violations);
        Assert.Equal(5, received.Spans.Count);
        Assert.Single(received.Logs);

        CheckResource(received);
        CheckSpanTree(received);
        CheckServerSpan(received.Span("GET"));
        CheckClientSpan(received.Span("POST"));
        CheckFunctionSpans(received);
        CheckLogRecord(received.Logs[0]);
        foreach (var item in received.Spans.Concat(received.Logs).Select(Attributes).Concat(received.Resources))
            Assert.DoesNotContain(item, kv => DeprecatedNames.Contains(kv.Key));
    }

    [Fact]
    public void Dispose_delivers_what_is_left_including_spans_that_never_finished()
    {
        using var receiver = MockOtlpReceiver.Start();
        // A long schedule delay: only Dispose can make this batch go out in time.
        var options = WithEndpoint(new OtlpExporterOptions { ScheduleDelay = TimeSpan.FromMinutes(5), ShutdownTimeout = TimeSpan.FromSeconds(30) }, receiver.Url);
        var sink = new OtlpSink(options);
        new EventScript().Entry("App.Main", 0x1, 0).Advance(100).Entry("App.Serve", 0x2, 0x1)
            .Advance(100).Entry("App.Handle", 0x3, 0x2).Advance(100).Exit("App.Handle", 0x3, 0x2, 100)
            .PlayInto(sink);
        sink.Dispose();
        Assert.Equal(new DotnetTelemetry.Schema.SinkCounters(3, 0, 0), sink.Counters);

        var received = Collect(receiver, r => r.Spans.Count >= 3, TimeSpan.FromSeconds(60));
        Assert.Equal(3, received.Spans.Count);
        Assert.False(Attributes(received.Span("App.Handle")).ContainsKey("dotnet_telemetry.span.unfinished"));
        foreach (var name in new[] { "App.Main", "App.Serve" })
        {
            var span = received.Span(name);
            Assert.True((bool)Attributes(span)["dotnet_telemetry.span.unfinished"]!);
            Assert.True(Nanos(span["endTimeUnixNano"]) >= Nanos(span["startTimeUnixNano"]));
        }
    }

    internal static OtlpExporterOptions WithEndpoint(OtlpExporterOptions options, string baseUrl)
    {
        options.TracesEndpoint = new Uri(baseUrl + "/v1/traces");
        options.LogsEndpoint = new Uri(baseUrl + "/v1/logs");
        return options;
    }

    private static void CheckResource(ReceivedOtlp received)
    {
        var resource = received.Resources[0];
        Assert.Equal("orders", Str(resource["service.name"]));
        Assert.Equal("1.4.2", Str(resource["service.version"]));
        Assert.Equal("shop", Str(resource["service.namespace"]));
        Assert.Equal("orders-7f9c", Str(resource["service.instance.id"]));
        Assert.Equal("staging", Str(resource["deployment.environment.name"]));
        Assert.Equal("node-1", Str(resource["host.name"]));
        Assert.Equal("10.1.2.3", Str(resource["host.ip"]!.AsArray().Single()));
        Assert.Equal(4242, Long(resource["process.pid"]));
        Assert.Equal("/app/Orders", Str(resource["process.executable.path"]));
        Assert.Equal(".NET", Str(resource["process.runtime.name"]));
        Assert.Equal("linux", Str(resource["os.type"]));
        Assert.Equal("aws", Str(resource["cloud.provider"]));
        Assert.Equal("aws_ec2", Str(resource["cloud.platform"]));
        Assert.Equal("i-0abc", Str(resource["host.id"]));
        Assert.Equal("m5.large", Str(resource["host.type"]));
        Assert.Equal("prod-eu", Str(resource["k8s.cluster.name"]));
        Assert.Equal("orders-7f9c", Str(resource["k8s.pod.name"]));
        Assert.Equal("orders", Str(resource["k8s.pod.label.app"]));
        Assert.Equal("orders", Str(resource["k8s.deployment.name"]));
        Assert.Equal("dotnet-telemetry", Str(resource["telemetry.sdk.name"]));
        Assert.Equal("dotnet", Str(resource["telemetry.sdk.language"]));
        Assert.Equal("0.1.0", Str(resource["telemetry.sdk.version"]));
        Assert.All(received.Scopes, scope =>
        {
            Assert.Equal("dotnet-telemetry", Str(scope["name"]));
            Assert.False(string.IsNullOrEmpty(Str(scope["version"])));
        });
    }

    private static void CheckSpanTree(ReceivedOtlp received)
    {
        string Id(ulong value) => value.ToString("x16");
        var parents = received.Spans.ToDictionary(s => Str(s["spanId"])!, s => Str(s["parentSpanId"]) ?? "");
        Assert.All(received.Spans, s => Assert.Equal("0af7651916cd43dd8448eb211c80319c", Str(s["traceId"])));
        Assert.Equal("", parents[Id(0x10)]);
        Assert.Equal(Id(0x10), parents[Id(0x11)]);
        Assert.Equal(Id(0x11), parents[Id(0x12)]);
        Assert.Equal(Id(0x12), parents[Id(0x13)]);
        Assert.Equal(Id(0x11), parents[Id(0x14)]);
        Assert.Equal(Id(0x11), Str(received.Span("Orders.Controller.Get")["spanId"]));
    }

    private static void CheckServerSpan(JsonObject span)
    {
        Assert.Equal("SPAN_KIND_SERVER", Str(span["kind"]));
        Assert.Equal("STATUS_CODE_ERROR", Str(span["status"]!["code"]));
        Assert.Equal(Base, (long)Nanos(span["startTimeUnixNano"]));
        Assert.Equal(6_200, (long)(Nanos(span["endTimeUnixNano"]) - Nanos(span["startTimeUnixNano"])));
        var a = Attributes(span);
        Assert.Equal("GET", Str(a["http.request.method"]));
        Assert.Equal("/checkout", Str(a["url.path"]));
        Assert.Equal("id=7", Str(a["url.query"]));
        Assert.Equal("http", Str(a["url.scheme"]));
        Assert.Equal(503, Long(a["http.response.status_code"]));
        Assert.Equal("503", Str(a["error.type"]));
        Assert.Equal("curl/8.5", Str(a["user_agent.original"]));
        Assert.Equal(12, Long(a["http.request.body.size"]));
        Assert.Equal(345, Long(a["http.response.body.size"]));
    }

    private static void CheckClientSpan(JsonObject span)
    {
        Assert.Equal("SPAN_KIND_CLIENT", Str(span["kind"]));
        Assert.Equal("STATUS_CODE_ERROR", Str(span["status"]!["code"]));
        var a = Attributes(span);
        Assert.Equal("POST", Str(a["http.request.method"]));
        Assert.Equal("http://127.0.0.1:9200/stock", Str(a["url.full"]));
        Assert.Equal("127.0.0.1", Str(a["server.address"]));
        Assert.Equal(9200, Long(a["server.port"]));
        Assert.Equal(404, Long(a["http.response.status_code"]));
    }

    private static void CheckFunctionSpans(ReceivedOtlp received)
    {
        var get = received.Span("Orders.Controller.Get");
        Assert.Equal("SPAN_KIND_INTERNAL", Str(get["kind"]));
        Assert.NotEqual("STATUS_CODE_ERROR", Str(get["status"]?["code"]));
        var a = Attributes(get);
        Assert.Equal("Orders.Controller.Get", Str(a["code.function.name"]));
        Assert.Equal("/src/Orders/Service.cs", Str(a["code.file.path"]));
        Assert.Equal(42, Long(a["code.line.number"]));
        Assert.Equal(7, Long(a["thread.id"]));

        var load = received.Span("Orders.Service.Load");
        Assert.Equal(3_600, (long)(Nanos(load["endTimeUnixNano"]) - Nanos(load["startTimeUnixNano"])));
        var events = load["events"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(new[] { "loop_entry", "loop_exit", "exception" }, events.Select(e => Str(e["name"])));
        Assert.Equal(50, Long(Attributes(events[0])["code.line.number"]));
        Assert.Equal(3, Long(Attributes(events[1])["iterations"]));
        Assert.Equal("System.IO.IOException", Str(Attributes(events[2])["exception.type"]));
        Assert.NotEqual("STATUS_CODE_ERROR", Str(load["status"]?["code"]));

        var save = received.Span("Orders.Service.Save");
        Assert.Equal("STATUS_CODE_ERROR", Str(save["status"]!["code"]));
        Assert.Equal("no stock", Str(save["status"]!["message"]));
        Assert.Equal("System.InvalidOperationException", Str(Attributes(save)["error.type"]));
        var exception = save["events"]!.AsArray().Single()!.AsObject();
        Assert.Equal("exception", Str(exception["name"]));
        var ea = Attributes(exception);
        Assert.Equal("System.InvalidOperationException", Str(ea["exception.type"]));
        Assert.Equal("no stock", Str(ea["exception.message"]));
        Assert.Contains("Orders.Service.Save()", Str(ea["exception.stacktrace"]));
    }

    private static void CheckLogRecord(JsonObject log)
    {
        Assert.Equal(13, Long(log["severityNumber"]));
        Assert.Equal("WARN", Str(log["severityText"]));
        Assert.Equal("background refresh timed out", Str(log["body"]));
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", Str(log["traceId"]));
        var a = Attributes(log);
        Assert.Equal("System.TimeoutException", Str(a["exception.type"]));
        Assert.Equal("exception_entry", Str(a["dotnet_telemetry.event_type"]));
    }
}
