using System.Text;
using System.Text.Json;
using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Drain;
using DotnetTelemetry.Agent.Http;
using DotnetTelemetry.Probes;
using DotnetTelemetry.Schema;
using DotnetTelemetry.Schema.Validation;

namespace DotnetTelemetry.Agent.Tests;

/// <summary>Records that reach the drain without their payload (or with one of the wrong shape) still make valid events.</summary>
public class MissingPayloadTests
{
    [Theory]
    [InlineData(EventKind.ExceptionEntry, null)]
    [InlineData(EventKind.ExceptionExit, null)]
    [InlineData(EventKind.HttpRequest, null)]
    [InlineData(EventKind.HttpResponse, null)]
    [InlineData(EventKind.ExceptionExit, "a string")]
    [InlineData(EventKind.HttpResponse, "request payload")]
    public void Every_converted_line_validates_against_the_schema(EventKind kind, string? payloadShape)
    {
        object? payload = payloadShape switch
        {
            "request payload" => new HttpRequestPayload { Method = "GET", Url = "http://127.0.0.1/x", Kind = "client" },
            null => null,
            _ => payloadShape,
        };
        var line = ConvertToLine(kind, payload);

        var (summary, failures) = EventStreamValidator.Validate(line);
        Assert.True(summary.AllValid, string.Join("\n", failures) + "\n" + line);
        using var document = JsonDocument.Parse(line);
        Assert.Equal("false", document.RootElement.Str("attributes", "telemetry.details_captured"));
    }

    [Fact]
    public void A_missing_exception_reads_as_unknown_with_a_message_saying_so()
    {
        using var document = JsonDocument.Parse(ConvertToLine(EventKind.ExceptionEntry, null));
        Assert.Equal("unknown", document.RootElement.Str("error", "type"));
        Assert.Contains(EventConverter.NotCapturedMessage, document.RootElement.Str("error", "message"));
    }

    [Fact]
    public void A_request_without_a_method_still_validates()
    {
        var payload = new HttpRequestPayload { Method = "", Url = "http://127.0.0.1/x", Kind = "server" };
        var line = ConvertToLine(EventKind.HttpRequest, payload);

        var (summary, failures) = EventStreamValidator.Validate(line);
        Assert.True(summary.AllValid, string.Join("\n", failures) + "\n" + line);
        using var document = JsonDocument.Parse(line);
        Assert.Equal("_OTHER", document.RootElement.Str("http", "request", "method"));
    }

    private static string ConvertToLine(EventKind kind, object? payload)
    {
        var record = new EventRecord
        {
            Sequence = 1,
            Timestamp = ProbeClock.GetTimestamp(),
            TraceIdHigh = 0x0123456789abcdef,
            TraceIdLow = 0x1122334455667788,
            SpanId = 0x0a0b0c0d0e0f1011,
            ThreadId = 1,
            SampleRate = 1,
            TraceFlags = 1,
            Kind = kind,
        };
        var e = new TelemetryEvent();
        new EventConverter(new AgentConfig()).Convert(record, payload, e);
        return Encoding.UTF8.GetString(new TelemetryJsonWriter().Format(e));
    }
}
