namespace DotnetTelemetry.Probes;

/// <summary>The thread's current span as it was before an async step; opaque to woven code.</summary>
/// <remarks>A default token restores nothing (the step did not touch the thread's current span).</remarks>
public readonly struct SpanContextToken
{
    internal readonly ulong TraceIdHigh;
    internal readonly ulong TraceIdLow;
    internal readonly ulong SpanId;
    internal readonly ulong ParentSpanId;
    internal readonly CallScopeFlags ContextFlags;
    /// <summary>False for a default token: <see cref="Probe.AsyncStepEnd"/> then leaves the slot alone.</summary>
    internal readonly bool IsSet;

    internal SpanContextToken(ulong traceIdHigh, ulong traceIdLow, ulong spanId, ulong parentSpanId, CallScopeFlags contextFlags)
    {
        TraceIdHigh = traceIdHigh;
        TraceIdLow = traceIdLow;
        SpanId = spanId;
        ParentSpanId = parentSpanId;
        ContextFlags = contextFlags;
        IsSet = true;
    }
}
