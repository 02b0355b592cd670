using System.Text.RegularExpressions;

namespace DotnetTelemetry.EndToEnd.Tests.Infrastructure;

/// <summary>Checks every event of a stream carries the telemetry v3 fields every consumer relies on.</summary>
public static partial class EventAssertions
{
    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex SpanId();

    private static readonly HashSet<string> EventTypes = new()
    {
        "function_entry", "function_exit", "http_request", "http_response", "variable_change", "loop_entry", "loop_exit",
        "conditional_entry", "conditional_exit", "exception_entry", "exception_exit", "agent_status",
    };

    /// <summary>Required fields and formats on every line, and sequences strictly increasing.</summary>
    public static void AllWellFormed(EventLog log)
    {
        Assert.NotEmpty(log.Events);
        long previous = -1;
        foreach (var e in log.Events)
        {
            Assert.Equal("telemetry.v3", e.Str("schema", "format"));
            Assert.Contains(e.Str("event_type")!, EventTypes);
            Assert.Matches(TraceId(), e.Str("trace_id"));
            Assert.NotEqual(new string('0', 32), e.Str("trace_id"));
            Assert.Matches(SpanId(), e.Str("span_id"));
            Assert.True(e.Has("parent_span_id"), "parent_span_id must be present (null for a root)");
            Assert.NotNull(e.Str("timestamp"));
            long sequence = long.Parse(e.Str("sequence")!);
            Assert.True(sequence > previous, $"sequence {sequence} after {previous}");
            previous = sequence;
            Assert.NotNull(e.Str("service", "name"));
            Assert.NotNull(e.Str("resource", "runtime_name"));
            Assert.Equal("dotnet-telemetry", e.Str("resource", "telemetry_sdk_name"));
        }
    }
}
