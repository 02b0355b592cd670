namespace DotnetTelemetry.Probes;

/// <summary>A W3C span context as the probes see it: trace id, span id, its parent, and the sampled flag.</summary>
public readonly struct SpanContext
{
    /// <summary>Creates a context; <paramref name="parentSpanId"/> is 0 for a root.</summary>
    public SpanContext(ulong traceIdHigh, ulong traceIdLow, ulong spanId, ulong parentSpanId, bool sampled)
    {
        TraceIdHigh = traceIdHigh;
        TraceIdLow = traceIdLow;
        SpanId = spanId;
        ParentSpanId = parentSpanId;
        IsSampled = sampled;
    }

    /// <summary>High 64 bits of the trace id (its first 16 hex characters).</summary>
    public ulong TraceIdHigh { get; }
    /// <summary>Low 64 bits of the trace id (its last 16 hex characters).</summary>
    public ulong TraceIdLow { get; }
    /// <summary>The span id; 0 in an invalid (default) context.</summary>
    public ulong SpanId { get; }
    /// <summary>The parent span id; 0 when the span is a root or the parent is unknown.</summary>
    public ulong ParentSpanId { get; }
    /// <summary>The W3C sampled flag.</summary>
    public bool IsSampled { get; }

    /// <summary>W3C trace flags: <c>1</c> when sampled, else <c>0</c>.</summary>
    public byte TraceFlags => IsSampled ? (byte)1 : (byte)0;

    /// <summary>True when both ids are non-zero (a default context is invalid).</summary>
    public bool IsValid => SpanId != 0 && (TraceIdHigh | TraceIdLow) != 0;

    /// <summary>The trace id as 32 lowercase hex characters.</summary>
    public string TraceIdHex => W3CId.FormatTraceId(TraceIdHigh, TraceIdLow);

    /// <summary>The span id as 16 lowercase hex characters.</summary>
    public string SpanIdHex => W3CId.FormatSpanId(SpanId);

    /// <summary>The <c>traceparent</c> header value (<c>00-trace-span-flags</c>).</summary>
    public override string ToString() => $"00-{TraceIdHex}-{SpanIdHex}-{TraceFlags:x2}";
}

/// <summary>Formats W3C ids as lowercase hex, allocation-free into spans or as strings.</summary>
public static class W3CId
{
    /// <summary>Writes the 32-character trace id; false when <paramref name="destination"/> is shorter.</summary>
    public static bool TryFormatTraceId(ulong high, ulong low, Span<char> destination)
        => destination.Length >= 32
           && high.TryFormat(destination, out _, "x16")
           && low.TryFormat(destination.Slice(16), out _, "x16");

    /// <summary>Writes the 16-character span id; false when <paramref name="destination"/> is shorter.</summary>
    public static bool TryFormatSpanId(ulong spanId, Span<char> destination)
        => destination.Length >= 16 && spanId.TryFormat(destination, out _, "x16");

    /// <summary>The trace id as 32 lowercase hex characters.</summary>
    public static string FormatTraceId(ulong high, ulong low) => string.Create(32, (high, low), static (span, id) => TryFormatTraceId(id.high, id.low, span));

    /// <summary>The span id as 16 lowercase hex characters.</summary>
    public static string FormatSpanId(ulong spanId) => spanId.ToString("x16");
}
