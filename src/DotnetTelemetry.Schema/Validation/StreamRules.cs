using System.Globalization;
using System.Text.Json;

namespace DotnetTelemetry.Schema.Validation;

/// <summary>
/// The telemetry v3 rules a JSON Schema cannot express:
/// <list type="bullet">
/// <item><c>timestamp</c> and <c>timestamp_ns</c> are the same instant (at millisecond precision);</item>
/// <item><c>duration_ms</c> equals <c>duration_ns</c> / 1e6 exactly (as IEEE doubles, as the writer computes it);</item>
/// <item>each <c>function_exit</c> has an earlier <c>function_entry</c> with the same <c>span_id</c> (and trace_id);
/// in partial mode an exit whose entry is not in the stream at all is accepted (the entry was dropped, or came before
/// the file began), but a span still ends only once;</item>
/// <item><c>sequence</c> strictly increases per process (<c>process.pid</c>; per stream when absent).</item>
/// </list>
/// Fields with the wrong type are left to the schema check: a rule only judges values it can read.
/// </summary>
internal sealed class StreamRules
{
    private const long NanosPerMilli = 1_000_000;

    /// <summary>Open function spans: (pid, span_id) to (trace_id, line of the entry).</summary>
    private readonly Dictionary<(long? Pid, string SpanId), (string? TraceId, long Line)> _openFunctions = new();

    /// <summary>Last sequence per process id, and for events without one.</summary>
    private readonly Dictionary<long, (long Sequence, long Line)> _lastSequence = new();
    private (long Sequence, long Line)? _lastSequenceWithoutPid;

    /// <summary>Partial mode only: spans already ended, so that a second exit of one span is still caught.</summary>
    private readonly HashSet<(long? Pid, string SpanId)>? _endedFunctions;

    /// <param name="partial">Accept a function_exit whose function_entry is absent from the stream (see the class summary).</param>
    public StreamRules(bool partial = false)
    {
        _endedFunctions = partial ? new() : null;
    }

    public void Check(JsonElement root, long line, List<string> reasons)
    {
        if (root.ValueKind != JsonValueKind.Object) return;
        var pid = Pid(root);
        CheckTimestamps(root, reasons);
        CheckDuration(root, reasons);
        CheckFunctionPairs(root, pid, line, reasons);
        CheckSequence(root, pid, line, reasons);
    }

    private static void CheckTimestamps(JsonElement root, List<string> reasons)
    {
        if (String(root, "timestamp") is not { } timestamp || Int64(root, "timestamp_ns") is not { } nanos) return;
        if (!Rfc3339.TryParse(timestamp, out var parsed)) return; // the schema reports the format
        if (FloorDiv(parsed, NanosPerMilli) != FloorDiv(nanos, NanosPerMilli))
        {
            reasons.Add($"timestamp {timestamp} and timestamp_ns {nanos} ({Rfc3339.Format(nanos)}) are not the same instant");
        }
    }

    private static void CheckDuration(JsonElement root, List<string> reasons)
    {
        if (Int64(root, "duration_ns") is not { } nanos ||
            !root.TryGetProperty("duration_ms", out var millisElement) || millisElement.ValueKind != JsonValueKind.Number)
        {
            return;
        }
        var expected = nanos / 1e6;
        if (millisElement.GetDouble() != expected)
        {
            reasons.Add($"duration_ms {millisElement.GetRawText()} is not duration_ns / 1e6 = {expected.ToString("R", CultureInfo.InvariantCulture)}");
        }
    }

    private void CheckFunctionPairs(JsonElement root, long? pid, long line, List<string> reasons)
    {
        if (String(root, "span_id") is not { } spanId) return;
        var traceId = String(root, "trace_id");
        switch (String(root, "event_type"))
        {
            case "function_entry":
                _openFunctions[(pid, spanId)] = (traceId, line);
                _endedFunctions?.Remove((pid, spanId));
                break;
            case "function_exit":
                var ended = _endedFunctions?.Add((pid, spanId));
                if (!_openFunctions.Remove((pid, spanId), out var entry))
                {
                    if (ended == false)
                    {
                        reasons.Add($"function_exit of span_id {spanId} repeats an earlier function_exit of that span_id");
                    }
                    else if (ended is null)
                    {
                        reasons.Add($"function_exit of span_id {spanId} has no earlier function_entry with that span_id");
                    }
                }
                else if (entry.TraceId != traceId)
                {
                    reasons.Add($"function_exit of span_id {spanId} has trace_id {traceId}, but its function_entry (line {entry.Line}) has {entry.TraceId}");
                }
                break;
        }
    }

    private void CheckSequence(JsonElement root, long? pid, long line, List<string> reasons)
    {
        if (Int64(root, "sequence") is not { } sequence) return;
        (long Sequence, long Line)? previous = pid is { } key
            ? (_lastSequence.TryGetValue(key, out var last) ? last : null)
            : _lastSequenceWithoutPid;
        if (previous is { } before && sequence <= before.Sequence)
        {
            var scope = pid is { } p ? $"process {p}" : "this stream";
            reasons.Add($"sequence {sequence} does not increase: line {before.Line} of {scope} had sequence {before.Sequence}");
        }
        // Remember the highest sequence seen, so one bad line does not make every later line look wrong.
        if (previous is null || sequence > previous.Value.Sequence)
        {
            if (pid is { } key2) _lastSequence[key2] = (sequence, line);
            else _lastSequenceWithoutPid = (sequence, line);
        }
    }

    private static long? Pid(JsonElement root) =>
        root.TryGetProperty("process", out var process) && process.ValueKind == JsonValueKind.Object ? Int64(process, "pid") : null;

    private static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Int64(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return value % divisor != 0 && value < 0 ? quotient - 1 : quotient;
    }
}
