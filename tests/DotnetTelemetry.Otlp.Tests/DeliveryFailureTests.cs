using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using DotnetTelemetry.Otlp.Delivery;
using DotnetTelemetry.Otlp.Tests.Support;
using DotnetTelemetry.Schema;
using Google.Protobuf;

namespace DotnetTelemetry.Otlp.Tests;

/// <summary>
/// Delivery against a scripted loopback receiver: dead, throttling (503 + Retry-After), rejecting (400),
/// too slow (answers after the timeout), partially accepting. Checks what was sent, how often, and
/// that every span ends up counted exactly once as exported or dropped.
/// </summary>
public sealed class DeliveryFailureTests
{
    // No timed sends: a batch goes out when full or when the test calls ForceFlush, so how the spans are
    // split into requests does not depend on how fast this machine is.
    private static OtlpExporterOptions FastOptions(string url) => MockOtlpServerExportTests.WithEndpoint(new OtlpExporterOptions
    {
        ScheduleDelay = TimeSpan.FromMinutes(10),
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(50),
        MaxAttempts = 3,
        Timeout = TimeSpan.FromSeconds(5),
        ShutdownTimeout = TimeSpan.FromSeconds(2),
    }, url);

    [Fact]
    public void Receiver_down_costs_dropped_spans_and_one_failure_per_batch()
    {
        var diagnostics = new List<string>();
        using var sink = new OtlpSink(FastOptions(FakeOtlpReceiver.DeadUrl()), null, m => { lock (diagnostics) diagnostics.Add(m); });
        EventScript.FunctionCalls(5).PlayInto(sink);

        Assert.True(sink.ForceFlush(TimeSpan.FromSeconds(30)));
        Assert.Equal(new SinkCounters(0, 5, 1), sink.Counters);
        Assert.Contains(diagnostics, m => m.Contains("after 3 attempt(s)"));
    }

    [Fact]
    public void Status_503_with_Retry_After_seconds_is_retried_after_that_wait_then_delivered()
    {
        using var receiver = new FakeOtlpReceiver(n => n == 1 ? new FakeAnswer(503, RetryAfter: "1") : new FakeAnswer(200));
        using var sink = new OtlpSink(FastOptions(receiver.Url));
        EventScript.FunctionCalls(4).PlayInto(sink);

        Assert.True(sink.ForceFlush(TimeSpan.FromSeconds(30)));
        Assert.Equal(new SinkCounters(4, 0, 0), sink.Counters);
        var requests = receiver.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.True(requests[1].ReceivedUtc - requests[0].ReceivedUtc >= TimeSpan.FromMilliseconds(900),
            "the retry came before the receiver's Retry-After");
    }

    [Fact]
    public void Retry_After_as_an_http_date_is_honoured()
    {
        // HTTP dates have whole seconds: three seconds ahead is at least two seconds of waiting.
        using var receiver = new FakeOtlpReceiver(n => n == 1
            ? new FakeAnswer(429, RetryAfter: DateTime.UtcNow.AddSeconds(3).ToString("R"))
            : new FakeAnswer(200));
        using var sink = new OtlpSink(FastOptions(receiver.Url));
        EventScript.FunctionCalls(2).PlayInto(sink);

        Assert.True(sink.ForceFlush(TimeSpan.FromSeconds(30)));
        Assert.Equal(new SinkCounters(2, 0, 0), sink.Counters);
        var requests = receiver.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.True(requests[1].ReceivedUtc - requests[0].ReceivedUtc >= TimeSpan.FromMilliseconds(1500),
            "the retry came before the receiver's Retry-After date");
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(500)]
    public void Other_errors_are_not_retried(int status)
    {
        using var receiver = new FakeOtlpReceiver(_ => new FakeAnswer(status));
        using var sink = new OtlpSink(FastOptions(receiver.Url));
        EventScript.FunctionCalls(3).PlayInto(sink);

        Assert.True(sink.ForceFlush(TimeSpan.FromSeconds(30)));
        Assert.Single(receiver.Requests);
        Assert.Equal(new SinkCounters(0, 3, 1), sink.Counters);
    }

    [Fact]
    public void Receiver_answering_after_the_timeout_counts_as_failed_and_never_blocks_Write()
    {
        using var receiver = new FakeOtlpReceiver(_ => new FakeAnswer(200, Delay: TimeSpan.FromSeconds(5)));
        var options = FastOptions(receiver.Url);
        options.Timeout = TimeSpan.FromMilliseconds(300);
        options.MaxAttempts = 2;
        options.MaxQueueSize = 100;
        options.MaxExportBatchSize = 10;
        using var sink = new OtlpSink(options);

        var clock = Stopwatch.StartNew();
        EventScript.FunctionCalls(1000).PlayInto(sink);
        var writeTime = clock.Elapsed;

        // 1000 spans through a 100-slot queue to a receiver that never answers in time: Write
        // takes no part in the waiting, and the overflow is dropped, not buffered.
        Assert.True(writeTime < TimeSpan.FromSeconds(10), $"writing 1000 events took {writeTime}");
        Assert.True(sink.Counters.Dropped >= 800, $"dropped {sink.Counters.Dropped}");
        sink.Dispose();
        var counters = sink.Counters;
        Assert.Equal(0, counters.Exported);
        Assert.Equal(1000, counters.Dropped);
        Assert.True(counters.Failures >= 1);
    }

    [Fact]
    public void Dispose_returns_within_the_shutdown_timeout_when_the_receiver_hangs()
    {
        using var receiver = new FakeOtlpReceiver(_ => new FakeAnswer(200, Delay: TimeSpan.FromSeconds(30)));
        var options = FastOptions(receiver.Url);
        options.Timeout = TimeSpan.FromSeconds(30);
        options.ShutdownTimeout = TimeSpan.FromMilliseconds(500);
        var sink = new OtlpSink(options);
        EventScript.FunctionCalls(20).PlayInto(sink);

        var clock = Stopwatch.StartNew();
        sink.Dispose();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Dispose took {clock.Elapsed}");
        Assert.Equal(new SinkCounters(0, 20, 1), sink.Counters);
    }

    [Fact]
    public void Partial_success_drops_the_rejected_spans_and_is_reported_once()
    {
        var response = PartialSuccessResponse(rejected: 1, "span name too long");
        using var receiver = new FakeOtlpReceiver(_ => new FakeAnswer(200, Body: response));
        var diagnostics = new List<string>();
        var options = FastOptions(receiver.Url);
        options.MaxExportBatchSize = 3;
        using var sink = new OtlpSink(options, null, m => { lock (diagnostics) diagnostics.Add(m); });
        EventScript.FunctionCalls(6).PlayInto(sink);

        Assert.True(sink.ForceFlush(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(new SinkCounters(4, 2, 0), sink.Counters);
        Assert.Single(diagnostics, m => m.Contains("span name too long"));
    }

    [Fact]
    public void Headers_are_sent_and_gzip_bodies_decompress_to_OTLP_JSON()
    {
        using var receiver = new FakeOtlpReceiver(_ => new FakeAnswer(200, Body: "{}"u8.ToArray(), ContentType: "application/json"));
        var options = OtlpExporterOptions.Parse(name => name switch
        {
            "OTEL_EXPORTER_OTLP_ENDPOINT" => receiver.Url + "/",
            "OTEL_EXPORTER_OTLP_HEADERS" => "api-key=se%20cret%3D,x-tenant=t1",
            "OTEL_EXPORTER_OTLP_COMPRESSION" => "gzip",
            "OTEL_EXPORTER_OTLP_PROTOCOL" => "http/json",
            "OTEL_BSP_SCHEDULE_DELAY" => "600000",
            _ => null,
        });
        Assert.Empty(options.Errors);
        using var sink = new OtlpSink(options);
        EventScript.FunctionCalls(2).PlayInto(sink);

        Assert.True(sink.ForceFlush(TimeSpan.FromSeconds(30)));
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/v1/traces", request.Path);
        Assert.Equal("se cret=", request.Headers["api-key"]);
        Assert.Equal("t1", request.Headers["x-tenant"]);
        Assert.Equal("gzip", request.Headers["content-encoding"]);
        Assert.Equal("application/json", request.Headers["content-type"]);
        using var gunzip = new GZipStream(new MemoryStream(request.Body), CompressionMode.Decompress);
        var json = JsonNode.Parse(gunzip)!;
        Assert.Equal(2, json["resourceSpans"]![0]!["scopeSpans"]![0]!["spans"]!.AsArray().Count);
    }

    private static byte[] PartialSuccessResponse(long rejected, string message)
    {
        var inner = new MemoryStream();
        var innerOut = new CodedOutputStream(inner);
        innerOut.WriteTag(1, WireFormat.WireType.Varint);
        innerOut.WriteInt64(rejected);
        innerOut.WriteTag(2, WireFormat.WireType.LengthDelimited);
        innerOut.WriteString(message);
        innerOut.Flush();
        var outer = new MemoryStream();
        var outerOut = new CodedOutputStream(outer);
        outerOut.WriteTag(1, WireFormat.WireType.LengthDelimited);
        outerOut.WriteBytes(ByteString.CopyFrom(inner.ToArray()));
        outerOut.Flush();
        return outer.ToArray();
    }
}
