using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Cli.Report;

/// <summary>
/// The fields of one telemetry v3 event that the report and the live view use; the per-process blocks (service,
/// host, resource, ...) are skipped except the service name. One instance is reused for every line.
/// </summary>
internal sealed class ReportEvent
{
    public EventType Type;
    public long TimestampNs;
    public long Sequence = -1;
    /// <summary>-1 when the event has no duration.</summary>
    public long DurationNs = -1;
    public string? FunctionName;
    public string? TraceId;
    public ulong SpanId;
    /// <summary>0 for a root span.</summary>
    public ulong ParentSpanId;
    public string? Message;
    public string? ErrorType;
    public string? ErrorMessage;
    public string? HttpMethod;
    public string? HttpUrl;
    public string? HttpKind;
    public int HttpStatus = -1;
    public long Pid;
    public string? ServiceName;
    /// <summary>Scalar attributes as text, in order (thread id, source location, loop/variable details, agent counters).</summary>
    public readonly List<KeyValuePair<string, string>> Attributes = new();

    public void Reset()
    {
        Type = default;
        TimestampNs = 0;
        Sequence = -1;
        DurationNs = -1;
        FunctionName = TraceId = Message = ErrorType = ErrorMessage = HttpMethod = HttpUrl = HttpKind = ServiceName = null;
        SpanId = ParentSpanId = 0;
        HttpStatus = -1;
        Pid = 0;
        Attributes.Clear();
    }

    public string? Attribute(string key)
    {
        foreach (var (name, value) in Attributes)
        {
            if (name == key)
            {
                return value;
            }
        }
        return null;
    }
}
