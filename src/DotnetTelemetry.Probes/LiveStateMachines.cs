using System.Runtime.CompilerServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// Where the scope of a run-time-woven async method or iterator lives between its steps, since its state
/// machine has no field for it (see <see cref="AsyncScopeHolder"/>).
/// <list type="bullet">
/// <item>Async methods (the state machine is usually a struct, so it has no identity): the holder rides in an
/// <see cref="AsyncLocal{T}"/>. The first step sets it inside the builder's <c>Start</c>, which restores the
/// caller's execution context when the step returns, so the caller never sees it; every await captures the
/// context with the holder in it, so every later step of this operation, on any thread, finds it again.</item>
/// <item>Iterators and async iterators (always classes): the holder is attached to the state machine object in a
/// <see cref="ConditionalWeakTable{TKey, TValue}"/>, which drops it with the object.</item>
/// </list>
/// The first step is told by the woven code, from the compiler's state field (the value it has before the
/// operation starts), not guessed: an operation already running when the weaving happened (attach) finds
/// nothing on its later steps and stays unrecorded, and a holder found there must name the same method.
/// </summary>
internal static class LiveStateMachines
{
    private static readonly AsyncLocal<AsyncScopeHolder?> s_asyncHolder = new();
    private static readonly ConditionalWeakTable<object, AsyncScopeHolder> s_iteratorHolders = new();
    /// <summary>Set once an iterator was ever tracked: until then later steps skip the table lookup.</summary>
    private static volatile bool s_iteratorsTracked;

    /// <summary>The holder of the async operation whose step is running here (or flowed here), if any.</summary>
    internal static AsyncScopeHolder? CurrentAsync => s_asyncHolder.Value;

    internal static SpanContextToken AsyncStep(bool firstStep, int methodId, bool builderRestoresContext, out AsyncScopeHolder holder)
    {
        if (!firstStep)
        {
            holder = BelongsTo(s_asyncHolder.Value, methodId) ?? AsyncScopeHolder.Untracked;
            return SpanRecorder.AsyncStep(ref holder.Scope, methodId);
        }
        var outer = s_asyncHolder.Value;
        if (!Open(methodId, out var scope, out var previous))
        {
            holder = AsyncScopeHolder.Untracked;
            if (outer is not null)
            {
                // An outer operation's holder must not look like this one's to its later steps (recursion). Under a
                // custom builder the step's end puts it back, which needs a holder of our own to remember it.
                if (!builderRestoresContext) holder = new AsyncScopeHolder(in AsyncScopeHolder.Untracked.Scope);
                SetAsyncHolder(null, outer, builderRestoresContext, holder);
            }
            return previous;
        }
        holder = ReusableUnsampled(outer, in scope) ?? new AsyncScopeHolder(in scope);
        if (!ReferenceEquals(holder, outer)) SetAsyncHolder(holder, outer, builderRestoresContext, holder);
        return previous;
    }

    /// <summary>End of any step: restores the thread's span, and the AsyncLocal after a custom builder's first step.</summary>
    internal static void AsyncStepEnd(in SpanContextToken previous, AsyncScopeHolder holder)
    {
        SpanRecorder.AsyncStepEnd(in previous);
        if (holder.OuterPending)
        {
            holder.OuterPending = false;
            s_asyncHolder.Value = holder.Outer;
            holder.Outer = null;
        }
    }

    internal static SpanContextToken IteratorStep(object stateMachine, bool firstStep, int methodId, out AsyncScopeHolder holder)
    {
        if (!firstStep)
        {
            holder = s_iteratorsTracked && s_iteratorHolders.TryGetValue(stateMachine, out var found) ? found : AsyncScopeHolder.Untracked;
            return SpanRecorder.AsyncStep(ref holder.Scope, methodId);
        }
        if (!Open(methodId, out var scope, out var previous))
        {
            holder = AsyncScopeHolder.Untracked;
            if (s_iteratorsTracked) s_iteratorHolders.Remove(stateMachine); // a state machine reused by GetEnumerator
            return previous;
        }
        holder = new AsyncScopeHolder(in scope);
        s_iteratorHolders.AddOrUpdate(stateMachine, holder);
        s_iteratorsTracked = true;
        return previous;
    }

    /// <summary>The holder of an iterator (for its Dispose), or <see cref="AsyncScopeHolder.Untracked"/>.</summary>
    internal static AsyncScopeHolder IteratorHolder(object stateMachine)
        => s_iteratorsTracked && s_iteratorHolders.TryGetValue(stateMachine, out var found) ? found : AsyncScopeHolder.Untracked;

    /// <summary>
    /// The first step's decision, exactly as the field-based <see cref="SpanRecorder.AsyncStep"/> makes it: opens the
    /// span on a scope of its own and makes it the thread's current span. False when nothing needs tracking.
    /// </summary>
    private static bool Open(int methodId, out CallScope scope, out SpanContextToken previous)
    {
        scope = default;
        previous = SpanRecorder.AsyncStep(ref scope, methodId);
        if (scope.SpanId != 0) return true;
        SpanRecorder.AsyncStepEnd(in previous); // nothing was made current, but keep the pair symmetric
        previous = default;
        return false;
    }

    /// <summary>A holder found after an await is ours only if it was opened for this method (never an outer one).</summary>
    private static AsyncScopeHolder? BelongsTo(AsyncScopeHolder? holder, int methodId)
    {
        if (holder is null) return null;
        if (!holder.IsRecorded) return holder; // an unsampled context: carrying it anywhere in its trace is right
        return holder.Scope.MethodId == methodId ? holder : null;
    }

    /// <summary>
    /// An unsampled operation inside an unsampled operation of the same trace carries the same context: the outer
    /// holder serves, with no allocation and no AsyncLocal write.
    /// </summary>
    private static AsyncScopeHolder? ReusableUnsampled(AsyncScopeHolder? outer, in CallScope scope)
    {
        if (outer is null || outer.IsRecorded || (scope.Flags & CallScopeFlags.Sampled) != 0) return null;
        ref readonly var known = ref outer.Scope;
        return known.SpanId == scope.SpanId && known.TraceIdLow == scope.TraceIdLow && known.TraceIdHigh == scope.TraceIdHigh
            ? outer : null;
    }

    /// <summary>
    /// Sets the AsyncLocal for this operation. The BCL's builders restore the caller's execution context when the
    /// first step returns; under any other builder <paramref name="owner"/> remembers the outer value for
    /// <see cref="AsyncStepEnd"/> to put back, so the caller's later steps still find their own holder.
    /// </summary>
    private static void SetAsyncHolder(AsyncScopeHolder? value, AsyncScopeHolder? outer, bool builderRestoresContext, AsyncScopeHolder owner)
    {
        if (!builderRestoresContext)
        {
            owner.Outer = outer;
            owner.OuterPending = true;
        }
        s_asyncHolder.Value = value;
    }
}
