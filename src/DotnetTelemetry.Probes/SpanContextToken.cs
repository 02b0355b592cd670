namespace DotnetTelemetry.Probes;

/// <summary>The thread's current span as it was before an async step; opaque to woven code.</summary>
public readonly struct SpanContextToken
{
    internal readonly ulong TraceIdHigh;
    internal readonly ulong TraceIdLow;
    internal readonly ulong SpanId;
    internal readonly byte TraceFlags;

    internal SpanContextToken(ulong traceIdHigh, ulong traceIdLow, ulong spanId, byte traceFlags)
    {
        TraceIdHigh = traceIdHigh;
        TraceIdLow = traceIdLow;
        SpanId = spanId;
        TraceFlags = traceFlags;
    }
}
