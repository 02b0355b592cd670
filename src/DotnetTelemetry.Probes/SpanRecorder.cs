using System.Runtime.CompilerServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// The span logic behind <see cref="Probe"/>: opens and closes call scopes, keeps the thread's current
/// span, and writes entry/exit records into the ring. Callers have already checked that the probes are
/// enabled (entries) or that the scope is live (exits). Nothing here throws, allocates (once the thread's
/// state exists) or blocks.
/// </summary>
internal static class SpanRecorder
{
    // ---- synchronous calls ----

    /// <summary>Opens a call's scope in place; <paramref name="scope"/> is all zero and stays so when nothing is recorded.</summary>
    internal static void Enter(ref CallScope scope, int methodId)
    {
        var thread = ThreadState.Current;
        if (thread.HasSpan)
        {
            // Inside an unsampled trace: the children stop here, after one check.
            if ((thread.Flags & CallScopeFlags.Sampled) == 0) return;
            EnterChild(thread, ref scope, methodId);
            return;
        }
        EnterRoot(thread, ref scope, methodId);
    }

    // Out of line so that Enter stays a tiny method with a cheap prologue: the unsampled path returns from it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EnterChild(ThreadState thread, ref CallScope scope, int methodId)
    {
        scope.TraceIdHigh = thread.TraceIdHigh;
        scope.TraceIdLow = thread.TraceIdLow;
        scope.ParentSpanId = thread.SpanId;
        scope.GrandparentSpanId = thread.ParentSpanId;
        scope.SpanId = thread.Ids.NextNonZero();
        scope.MethodId = methodId;
        scope.Flags = thread.Flags | CallScopeFlags.Pushed | CallScopeFlags.HasLocalParent;
        Start(thread, ref scope);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EnterRoot(ThreadState thread, ref CallScope scope, int methodId)
    {
        if (!OpenRoot(thread, methodId, ref scope)) return;
        scope.Flags |= CallScopeFlags.Pushed;
        if ((scope.Flags & CallScopeFlags.Sampled) != 0)
        {
            Start(thread, ref scope);
        }
        else
        {
            // Not recorded, but the unsampled context goes into the slot so the children stop early.
            thread.Set(scope.TraceIdHigh, scope.TraceIdLow, scope.SpanId, scope.ParentSpanId, scope.Flags);
        }
    }

    /// <summary>
    /// Fills a scope for a call with no local parent: ids and decision from the current Activity if there
    /// is one, else a new trace. False when nothing at all needs tracking (the sampler drops every root).
    /// </summary>
    private static bool OpenRoot(ThreadState thread, int methodId, ref CallScope scope)
    {
        var sampler = ProbeState.Sampler;
        if (sampler.KeepsNothing) return false;
        CallScopeFlags decision;
        if (ActivityParent.TryGet(out ulong high, out ulong low, out ulong parent, out bool decided, out bool recorded))
        {
            decision = sampler.DecideWithParent(decided, recorded, low);
        }
        else
        {
            if (sampler.DropsEveryRoot) return false; // children become roots too and stop here as well
            high = thread.Ids.Next();
            low = thread.Ids.NextNonZero(); // never an all-zero trace id
            parent = 0;
            decision = sampler.DecideRoot(low);
        }
        scope.TraceIdHigh = high;
        scope.TraceIdLow = low;
        scope.ParentSpanId = parent;
        scope.SpanId = thread.Ids.NextNonZero();
        scope.MethodId = methodId;
        scope.Flags = decision;
        return true;
    }

    /// <summary>Records the entry of a sampled scope and makes it the thread's current span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Start(ThreadState thread, ref CallScope scope)
    {
        long now = ProbeClock.GetTimestamp();
        // A dropped entry (full ring) leaves StartTimestamp 0, so the exit is skipped too: no orphan exits.
        scope.StartTimestamp = Write(thread, ref scope, EventKind.FunctionEntry, now, 0, 0, 0, null) ? now : 0;
        thread.Set(scope.TraceIdHigh, scope.TraceIdLow, scope.SpanId, scope.ParentSpanId, scope.Flags);
    }

    internal static void Exit(ref CallScope scope)
    {
        var flags = scope.Flags;
        if ((flags & CallScopeFlags.Ended) != 0) return; // repeated exit
        scope.Flags = flags | CallScopeFlags.Ended;
        var thread = ThreadState.Current;
        if ((flags & CallScopeFlags.Sampled) != 0 && scope.StartTimestamp != 0)
        {
            long now = ProbeClock.GetTimestamp();
            var exception = thread.Faults.IsEmpty ? null : thread.Faults.Take(scope.SpanId);
            Write(thread, ref scope, EventKind.FunctionExit, now, now - scope.StartTimestamp, 0, 0, exception);
        }
        // Put the parent back, but only if this call is still the current span here: an exit on another
        // thread, or out of order, must not clobber a slot that belongs to someone else.
        if ((flags & CallScopeFlags.Pushed) != 0 && thread.IsCurrent(in scope))
        {
            if ((flags & CallScopeFlags.HasLocalParent) != 0)
            {
                thread.SpanId = scope.ParentSpanId;
                thread.ParentSpanId = scope.GrandparentSpanId;
            }
            else
            {
                thread.Clear();
            }
        }
    }

    // ---- async methods and iterators ----

    internal static SpanContextToken AsyncStep(ref CallScope scope, int methodId)
    {
        var flags = scope.Flags;
        if ((flags & CallScopeFlags.Started) == 0)
        {
            if (!ProbeState.CallsRecordable)
            {
                // Off, or always_off: nothing to track. Settle it now: enabling the probes later must not open a
                // span in the middle of the operation.
                scope.Flags = CallScopeFlags.Started;
                return default;
            }
            var thread = ThreadState.Current;
            OpenAsync(thread, ref scope, methodId);
            var previous = thread.Save();
            thread.Set(scope.TraceIdHigh, scope.TraceIdLow, scope.SpanId, scope.ParentSpanId, scope.Flags);
            return previous;
        }
        if (scope.SpanId == 0) return default; // nothing to track (the sampler dropped the root)
        {
            var thread = ThreadState.Current;
            var previous = thread.Save();
            thread.Set(scope.TraceIdHigh, scope.TraceIdLow, scope.SpanId, scope.ParentSpanId, scope.Flags);
            return previous;
        }
    }

    /// <summary>
    /// First step of an async operation. Unlike a sync call, an unsampled async operation keeps its trace
    /// context in the scope, because later steps run on other threads whose slots are empty: putting the
    /// context back there is what keeps the children after an await unsampled too.
    /// </summary>
    private static void OpenAsync(ThreadState thread, ref CallScope scope, int methodId)
    {
        scope = default;
        if (thread.HasSpan)
        {
            scope.TraceIdHigh = thread.TraceIdHigh;
            scope.TraceIdLow = thread.TraceIdLow;
            if ((thread.Flags & CallScopeFlags.Sampled) == 0)
            {
                // Stand in for the unsampled parent context: no span of our own, nothing recorded.
                scope.SpanId = thread.SpanId;
                scope.ParentSpanId = thread.ParentSpanId;
                scope.Flags = thread.Flags | CallScopeFlags.Started;
                return;
            }
            scope.ParentSpanId = thread.SpanId;
            scope.SpanId = thread.Ids.NextNonZero();
            scope.MethodId = methodId;
            scope.Flags = thread.Flags | CallScopeFlags.Started;
        }
        else
        {
            OpenRoot(thread, methodId, ref scope); // leaves the scope all-zero if roots are all dropped
            scope.Flags |= CallScopeFlags.Started;
            if ((scope.Flags & CallScopeFlags.Sampled) == 0) return;
        }
        long now = ProbeClock.GetTimestamp();
        scope.StartTimestamp = Write(thread, ref scope, EventKind.FunctionEntry, now, 0, 0, 0, null) ? now : 0;
    }

    internal static void AsyncStepEnd(in SpanContextToken previous)
    {
        if (!previous.IsSet) return;
        ThreadState.Current.Restore(in previous);
    }

    internal static void AsyncEnd(ref CallScope scope, Exception? exception)
    {
        var flags = scope.Flags;
        if ((flags & (CallScopeFlags.Started | CallScopeFlags.Ended)) != CallScopeFlags.Started) return;
        scope.Flags = flags | CallScopeFlags.Ended;
        if ((flags & CallScopeFlags.Sampled) == 0 || scope.StartTimestamp == 0) return;
        long now = ProbeClock.GetTimestamp();
        Write(ThreadState.Current, ref scope, EventKind.FunctionExit, now, now - scope.StartTimestamp, 0, 0, exception);
    }

    // ---- finer events inside a recorded call ----

    internal static void WriteSiteEvent(ref CallScope scope, EventKind kind, int siteId, long argument, object? payload)
    {
        Write(ThreadState.Current, ref scope, kind, ProbeClock.GetTimestamp(), 0, siteId, argument, payload);
    }

    // ---- the record ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Write(ThreadState thread, ref CallScope scope, EventKind kind, long timestamp, long duration,
        int siteId, long argument, object? payload)
    {
        var ring = ProbeState.Ring;
        ref EventRecord record = ref ring.TryClaim(out long position);
        if (Unsafe.IsNullRef(ref record)) return false; // full: counted as dropped
        record.Timestamp = timestamp;
        record.Duration = duration;
        record.TraceIdHigh = scope.TraceIdHigh;
        record.TraceIdLow = scope.TraceIdLow;
        record.SpanId = scope.SpanId;
        record.ParentSpanId = scope.ParentSpanId;
        record.Argument = argument;
        record.MethodId = scope.MethodId;
        record.ThreadId = thread.ThreadId;
        record.SampleRate = ProbeState.Sampler.RateFor(scope.Flags);
        record.SiteId = siteId;
        record.Kind = kind;
        record.TraceFlags = (byte)(scope.Flags & CallScopeFlags.Sampled);
        ring.Publish(position, payload);
        return true;
    }
}
