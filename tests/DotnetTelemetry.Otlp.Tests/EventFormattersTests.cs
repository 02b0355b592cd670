using System.Text;
using System.Text.Json.Nodes;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp.Tests;

public sealed class EventFormattersTests
{
    private static TelemetryEvent SampleEvent() => new()
    {
        EventType = EventType.FunctionExit,
        TimestampUnixNanos = 1_700_000_000_123_000_000,
        Sequence = 9,
        FunctionName = "App.Run",
        TraceId = new TraceId(1, 2),
        SpanId = new SpanId(3),
        DurationNanos = 1500,
    };

    [Fact]
    public void V3_is_the_default_and_round_trips_through_the_schema_reader()
    {
        var formatter = EventFormatters.Create(null)!;
        Assert.Equal("v3", formatter.Name);
        var line = Encoding.UTF8.GetString(formatter.Format(SampleEvent()));
        Assert.EndsWith("\n", line);
        var parsed = TelemetryEventReader.Parse(line.TrimEnd('\n'));
        Assert.Equal("App.Run", parsed.FunctionName);
        Assert.Equal(new SpanId(3), parsed.SpanId);
    }

    [Fact]
    public void Ecs_gives_one_ECS_document_per_line()
    {
        var formatter = EventFormatters.Create("ECS", _ => null)!;
        Assert.Equal("ecs", formatter.Name);
        var line = Encoding.UTF8.GetString(formatter.Format(SampleEvent()));
        Assert.EndsWith("\n", line);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var doc = JsonNode.Parse(line)!;
        Assert.Equal("2023-11-14T22:13:20.123Z", (string?)doc["@timestamp"]);
        Assert.Equal("function_exit", (string?)doc["event"]!["action"]);
        Assert.Equal(1500, (long)doc["event"]!["duration"]!);
        Assert.Equal(9, (long)doc["event"]!["sequence"]!);
    }

    [Fact]
    public void Unknown_formats_are_refused() => Assert.Null(EventFormatters.Create("xml"));
}
