using System.Runtime.CompilerServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// The one answer to "which woven call is the calling code running inside?" for everything that hangs work under
/// a woven function from outside woven code: the agent's HTTP client spans, the trace id a new root Activity takes,
/// the agent's own events (<see cref="ProbeRuntime.Emit(EventKind, object?, long, long)"/>).
/// </summary>
/// <remarks>
/// Today the answer is the thread's slot (<see cref="ThreadState"/>), which woven code fills for sync calls and for
/// every step of an async state machine, so it holds the woven call during the synchronous part of whatever that
/// call invokes. Code that runs after an async hop that no woven step covers (a continuation inside a library's
/// pipeline) finds the slot empty. A fallback to a span kept elsewhere (for example an AsyncLocal that live-woven
/// async methods fill) goes here, and only here, so every consumer gets it at once. The probes' own entry paths
/// (<see cref="SpanRecorder"/>) keep reading the slot directly: they are the hot path.
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
        => thread is not null && thread.HasSpan ? thread.Save() : default;
}
