namespace DotnetTelemetry.Probes;

/// <summary>
/// The state of one instrumented call. Woven IL keeps it in a local (sync methods) or in a field
/// added to the compiler's state machine (async methods, iterators) and passes it back by ref.
/// A default (all-zero) scope means "not recording": disabled, filtered out or not sampled.
/// </summary>
public struct CallScope
{
    /// <summary>ProbeClock timestamp of the entry; 0 when this call is not recorded.</summary>
    internal long StartTimestamp;
    internal ulong TraceIdHigh;
    internal ulong TraceIdLow;
    internal ulong SpanId;
    /// <summary>0 for a root span.</summary>
    internal ulong ParentSpanId;
    /// <summary>The parent's parent: what the thread's slot shows again once this call exits.</summary>
    internal ulong GrandparentSpanId;
    internal int MethodId;
    internal CallScopeFlags Flags;
    // No object reference here on purpose: the exception of a failing call waits in the thread's PendingFaults.

    /// <summary>True when this call is being recorded.</summary>
    public readonly bool IsRecording => StartTimestamp != 0;
}

[Flags]
internal enum CallScopeFlags : byte
{
    None = 0,
    /// <summary>W3C "sampled": this call's events are recorded. Same bit as the W3C trace flag.</summary>
    Sampled = 1,
    /// <summary>The entry of an async method or iterator has been handled (first MoveNext seen).</summary>
    Started = 2,
    /// <summary>The exit has been recorded; later calls are ignored.</summary>
    Ended = 4,
    /// <summary>The call made itself the thread's current span; its exit restores the parent.</summary>
    Pushed = 8,
    /// <summary>The trace was kept by this process's ratio sampler (sample_rate = the ratio), not by a parent.</summary>
    RatioSampled = 16,
    /// <summary>The parent was this thread's current span (not an Activity, not nothing): exit restores it.</summary>
    HasLocalParent = 32,

    /// <summary>The bits that describe a trace context (kept in the thread's slot and in tokens).</summary>
    ContextMask = Sampled | RatioSampled,
}
