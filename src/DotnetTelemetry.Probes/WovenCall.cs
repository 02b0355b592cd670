using System.Runtime.CompilerServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// The one answer to "which woven call is the calling code running inside?" for everything that hangs work under
/// a woven function from outside woven code: the agent's HTTP client spans, the trace id a new root Activity takes,
/// the agent's own events (<see cref="ProbeRuntime.Emit(EventKind, object?, long, long)"/>).
/// </summary>
/// <remarks>
/// The first answer is the thread's slot (<see cref="ThreadState"/>), which woven code fills for sync calls and for
/// every step of an async state machine, so it holds the woven call during the synchronous part of whatever that
/// call invokes. Code that runs after an async hop that no woven step covers (a continuation inside a library's
/// pipeline, e.g. HttpClient's first request through a new handler) finds the slot empty; then the async operation
/// woven at run time whose holder flowed here in the execution context answers (<see cref="LiveStateMachines"/>).
/// Operations woven ahead of time keep their scope in the state machine and have no such fallback. The probes' own
/// entry paths (<see cref="SpanRecorder"/>) keep reading the slot directly: they are the hot path.
/// </remarks>
internal static class WovenCall
{
    /// <summary>
    /// The woven call current for the calling code (sampled or not: an unsampled trace's context counts too, so
    /// what hangs under it stays unsampled), as a token; a default token (<see cref="SpanContextToken.IsSet"/>
    /// false) when there is none. <paramref name="thread"/> is the calling thread's state, or null if it has none.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static SpanContextToken Current(ThreadState? thread)
        => thread is not null && thread.HasSpan ? thread.Save() : FlowedAsyncOperation();

    private static SpanContextToken FlowedAsyncOperation()
    {
        if (LiveStateMachines.CurrentAsync is not { } holder) return default;
        ref readonly var scope = ref holder.Scope;
        // An ended operation is no longer one the code runs inside: a completion can run an awaiter whose context was
        // the default one inline, in this operation's context (a server loop going on to its next request).
        return scope.SpanId == 0 || (scope.Flags & (CallScopeFlags.Started | CallScopeFlags.Ended)) != CallScopeFlags.Started
            ? default
            : new SpanContextToken(scope.TraceIdHigh, scope.TraceIdLow, scope.SpanId, scope.ParentSpanId, scope.Flags & CallScopeFlags.ContextMask);
    }
}
