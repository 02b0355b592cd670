using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp.Model;

/// <summary>OTLP <c>Span.SpanKind</c> (published enum values).</summary>
internal enum OtlpSpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
}

/// <summary>OTLP <c>Status.StatusCode</c>.</summary>
internal enum OtlpStatusCode
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}

/// <summary>A finished span, owned by the exporter (copied out of the reused <see cref="TelemetryEvent"/>).</summary>
internal sealed class OtlpSpan
{
    public TraceId TraceId { get; set; }
    public SpanId SpanId { get; set; }
    public SpanId ParentSpanId { get; set; }
    public byte TraceFlags { get; set; } = 1;
    public string Name { get; set; } = "";
    public OtlpSpanKind Kind { get; set; } = OtlpSpanKind.Internal;
    public long StartUnixNanos { get; set; }
    public long EndUnixNanos { get; set; }
    public OtlpAttributes Attributes { get; } = new();
    public List<OtlpSpanEvent> Events { get; } = new();
    /// <summary>Events not kept because the span already had <see cref="OtlpLimits.MaxEventsPerSpan"/>.</summary>
    public int DroppedEvents { get; set; }
    public OtlpStatusCode StatusCode { get; set; }
    public string? StatusMessage { get; set; }
}

/// <summary>An OTLP <c>Span.Event</c>.</summary>
internal sealed class OtlpSpanEvent
{
    public long TimeUnixNanos { get; set; }
    public string Name { get; set; } = "";
    public OtlpAttributes Attributes { get; } = new();
}

/// <summary>An OTLP <c>LogRecord</c>.</summary>
internal sealed class OtlpLogRecord
{
    public long TimeUnixNanos { get; set; }
    public long ObservedUnixNanos { get; set; }
    /// <summary>OTel log data model severity number (TRACE=1, DEBUG=5, INFO=9, WARN=13, ERROR=17).</summary>
    public int SeverityNumber { get; set; }
    public string? SeverityText { get; set; }
    public string? Body { get; set; }
    public OtlpAttributes Attributes { get; } = new();
    public TraceId TraceId { get; set; }
    public SpanId SpanId { get; set; }
    public byte TraceFlags { get; set; }
}

/// <summary>Bounds that keep one span's memory finite however long the function runs.</summary>
internal static class OtlpLimits
{
    public const int MaxEventsPerSpan = 128;
}
