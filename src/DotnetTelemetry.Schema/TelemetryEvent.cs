namespace DotnetTelemetry.Schema;

/// <summary>
/// One telemetry v3 event. Mutable and reusable: the drain thread fills one instance per event and
/// calls <see cref="Reset"/> before the next, so exporting allocates nothing per event once warm.
/// Optional blocks are null when absent and are then omitted from the output.
/// </summary>
public sealed class TelemetryEvent
{
    public long TimestampUnixNanos { get; set; }
    public long Sequence { get; set; }
    public EventType EventType { get; set; }
    public Severity Severity { get; set; } = Severity.Info;
    public string? Message { get; set; }
    public string? FunctionName { get; set; }

    public TraceId TraceId { get; set; }
    public SpanId SpanId { get; set; }
    /// <summary>Empty for a root span: written as <c>"parent_span_id": null</c>.</summary>
    public SpanId ParentSpanId { get; set; }
    /// <summary>W3C trace flags: 1 = sampled.</summary>
    public byte TraceFlags { get; set; } = 1;
    public double SampleRate { get; set; } = 1.0;

    /// <summary>Set on exits (function, loop, conditional, HTTP response); <c>duration_ms</c> is derived from it.</summary>
    public long? DurationNanos { get; set; }

    /// <summary>Source location of the function (from the PDB), written as attributes.</summary>
    public string? SourceFile { get; set; }
    public int SourceLine { get; set; }
    public int ThreadId { get; set; }

    public string? CorrelationId { get; set; }
    public string? ParentCorrelationId { get; set; }

    /// <summary>Free-form attributes; reused between events.</summary>
    public List<KeyValuePair<string, AttributeValue>> Attributes { get; } = new();

    public ErrorInfo? Error { get; set; }
    public HttpRequestInfo? HttpRequest { get; set; }
    public HttpResponseInfo? HttpResponse { get; set; }

    /// <summary>Per-process blocks (service, host, cloud, k8s, resource, process, environment), shared by every event.</summary>
    public ResourceInfo? Resource { get; set; }

    public void Reset()
    {
        TimestampUnixNanos = 0;
        Sequence = 0;
        EventType = EventType.FunctionEntry;
        Severity = Severity.Info;
        Message = null;
        FunctionName = null;
        TraceId = default;
        SpanId = default;
        ParentSpanId = default;
        TraceFlags = 1;
        SampleRate = 1.0;
        DurationNanos = null;
        SourceFile = null;
        SourceLine = 0;
        ThreadId = 0;
        CorrelationId = null;
        ParentCorrelationId = null;
        Attributes.Clear();
        Error = null;
        HttpRequest = null;
        HttpResponse = null;
        Resource = null;
    }
}

/// <summary>An attribute value: string, integer, floating point or boolean.</summary>
public readonly record struct AttributeValue
{
    private AttributeValue(AttributeKind kind, string? text, long integer, double number)
    {
        Kind = kind;
        Text = text;
        Integer = integer;
        Number = number;
    }

    public AttributeKind Kind { get; }
    public string? Text { get; }
    public long Integer { get; }
    public double Number { get; }

    public static AttributeValue Of(string value) => new(AttributeKind.String, value, 0, 0);
    public static AttributeValue Of(long value) => new(AttributeKind.Integer, null, value, 0);
    public static AttributeValue Of(double value) => new(AttributeKind.Double, null, 0, value);
    public static AttributeValue Of(bool value) => new(AttributeKind.Boolean, null, value ? 1 : 0, 0);

    public static implicit operator AttributeValue(string value) => Of(value);
    public static implicit operator AttributeValue(long value) => Of(value);
    public static implicit operator AttributeValue(double value) => Of(value);
    public static implicit operator AttributeValue(bool value) => Of(value);
}

public enum AttributeKind : byte
{
    String,
    Integer,
    Double,
    Boolean,
}

/// <summary>The <c>error</c> block: exception type, bounded message, bounded stack trace.</summary>
public sealed class ErrorInfo
{
    public string Type { get; set; } = "";
    public string? Message { get; set; }
    public string? StackTrace { get; set; }
}

/// <summary>The <c>http.request</c> block.</summary>
public sealed class HttpRequestInfo
{
    public string Method { get; set; } = "GET";
    public string Url { get; set; } = "";
    /// <summary>Header name to value, already redacted.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = new();
    public long? BodyBytes { get; set; }
    public string? UserAgent { get; set; }
    /// <summary>"client" or "server": which side of the exchange this process is.</summary>
    public string? Kind { get; set; }
}

/// <summary>The <c>http.response</c> block.</summary>
public sealed class HttpResponseInfo
{
    public int StatusCode { get; set; }
    public List<KeyValuePair<string, string>> Headers { get; } = new();
    public long? BodyBytes { get; set; }
    public string? ContentType { get; set; }
}
