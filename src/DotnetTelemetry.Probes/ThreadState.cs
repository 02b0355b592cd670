using System.Runtime.CompilerServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// Everything a thread's probes need, in one object reached by a single thread-static load: the
/// thread's current span (the "slot"), its id generator and its managed thread id.
/// </summary>
/// <remarks>
/// The slot is empty when <see cref="SpanId"/> is 0. An unsampled trace keeps its context in the slot
/// too (with <see cref="Flags"/> lacking <see cref="CallScopeFlags.Sampled"/>) so that its children
/// stop after one check. No AsyncLocal: async methods carry their span in their state machine and
/// put it back here on every step (<see cref="Probe.AsyncStep"/>).
/// </remarks>
internal sealed class ThreadState
{
    [ThreadStatic] private static ThreadState? t_current;

    internal ulong TraceIdHigh;
    internal ulong TraceIdLow;
    internal ulong SpanId;
    internal ulong ParentSpanId;
    /// <summary>Only <see cref="CallScopeFlags.ContextMask"/> bits.</summary>
    internal CallScopeFlags Flags;

    internal readonly int ThreadId = Environment.CurrentManagedThreadId;
    internal IdGenerator Ids = IdGenerator.CreateSeeded();
    /// <summary>Exceptions seen by <see cref="Probe.Fault"/> on this thread, until the exits of their calls.</summary>
    internal readonly PendingFaults Faults = new();

    internal static ThreadState Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_current ?? CreateForThisThread();
    }

    /// <summary>The state of this thread if it ever ran a probe; null otherwise (no allocation).</summary>
    internal static ThreadState? CurrentOrNull => t_current;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ThreadState CreateForThisThread() => t_current = new ThreadState();

    internal bool HasSpan => SpanId != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Set(ulong traceIdHigh, ulong traceIdLow, ulong spanId, ulong parentSpanId, CallScopeFlags flags)
    {
        TraceIdHigh = traceIdHigh;
        TraceIdLow = traceIdLow;
        SpanId = spanId;
        ParentSpanId = parentSpanId;
        Flags = flags & CallScopeFlags.ContextMask;
    }

    internal void Clear() => Set(0, 0, 0, 0, CallScopeFlags.None);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal SpanContextToken Save() => new(TraceIdHigh, TraceIdLow, SpanId, ParentSpanId, Flags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Restore(in SpanContextToken token)
        => Set(token.TraceIdHigh, token.TraceIdLow, token.SpanId, token.ParentSpanId, token.ContextFlags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool IsCurrent(in CallScope scope)
        => SpanId == scope.SpanId && TraceIdLow == scope.TraceIdLow && TraceIdHigh == scope.TraceIdHigh;
}
