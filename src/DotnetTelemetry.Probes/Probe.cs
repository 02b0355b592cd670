using System.Runtime.CompilerServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// The probe API that woven IL calls. This surface is a contract with the weaver
/// (<c>DotnetTelemetry.Weaver</c>) and with assemblies woven by earlier versions: add to it,
/// never change or remove a member.
/// </summary>
/// <remarks>
/// Synchronous method M is woven as:
/// <code>
///   CallScope scope = default; Probe.Enter(ref scope, methodId);   // assemblies woven earlier: scope = Probe.Enter(methodId)
///   try   { original body; each ret -> store result, leave END }
///   catch (Exception e) when (Probe.Fault(ref scope, e)) { }   // filter returns false: records, never catches
///   finally { Probe.Exit(ref scope); }
///   END: load result; ret
/// </code>
/// Async methods and iterators keep the scope in a field of the state machine:
/// <code>
///   MoveNext():
///     var previous = Probe.AsyncStep(ref this.scope, methodId);   // first step records the entry
///     try { original MoveNext body, where
///             builder.SetResult(..)    is preceded by Probe.AsyncComplete(ref this.scope)
///             builder.SetException(e)  is preceded by Probe.AsyncFault(ref this.scope, e) }
///     finally { Probe.AsyncStepEnd(previous); }                      // restores the thread's current span
/// </code>
/// Finer events (loops, conditionals, variable changes) take the enclosing call's scope and a site id
/// the weaver registered (<see cref="MethodRegistry.Register"/>); they record only inside a recorded call.
/// Every member is exception-free: a probe never throws into the app.
/// </remarks>
public static class Probe
{
    /// <summary>Records the entry of a call to <paramref name="methodId"/> and makes it the current span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CallScope Enter(int methodId)
    {
        CallScope scope = default;
        if (ProbeState.CallsRecordable) SpanRecorder.Enter(ref scope, methodId);
        return scope;
    }

    /// <summary>
    /// Same as <see cref="Enter(int)"/>, but fills a scope the caller already holds, which must be all zero
    /// (a fresh local: the weaver zeroes it when the method does not), instead of returning one. What the
    /// weaver emits: the 64-byte scope is neither returned through a temporary nor copied, so the disabled
    /// path is one load and one branch on top of the frame's zeroing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(ref CallScope scope, int methodId)
    {
        if (ProbeState.CallsRecordable) SpanRecorder.Enter(ref scope, methodId);
    }

    /// <summary>Records the exit of the call (with the exception, if <see cref="Fault"/> saw one) and restores the parent as current span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exit(ref CallScope scope)
    {
        if (scope.Flags == 0) return; // default scope: disabled, filtered out, or inside an unsampled trace
        SpanRecorder.Exit(ref scope);
    }

    /// <summary>Exception filter body: remembers the exception for the exit event and returns false, so the exception is never caught.</summary>
    public static bool Fault(ref CallScope scope, Exception exception)
    {
        if (scope.StartTimestamp != 0 && (scope.Flags & CallScopeFlags.Ended) == 0)
        {
            ThreadState.Current.Faults.Add(scope.SpanId, exception);
        }
        return false;
    }

    /// <summary>
    /// Called at the start of every MoveNext of an async state machine or iterator. The first call
    /// records the entry; every call makes the scope's span the thread's current span so that calls
    /// made after an await nest under it. Returns the previous current span, for <see cref="AsyncStepEnd"/>.
    /// </summary>
    public static SpanContextToken AsyncStep(ref CallScope scope, int methodId) => SpanRecorder.AsyncStep(ref scope, methodId);

    /// <summary>Called when a MoveNext returns (normally or not): restores the thread's current span.</summary>
    public static void AsyncStepEnd(SpanContextToken previous) => SpanRecorder.AsyncStepEnd(in previous);

    /// <summary>Records the successful end of an async operation or enumeration (before SetResult / when MoveNext returns false).</summary>
    public static void AsyncComplete(ref CallScope scope) => SpanRecorder.AsyncEnd(ref scope, null);

    /// <summary>Records the end of an async operation by an exception (before SetException).</summary>
    public static void AsyncFault(ref CallScope scope, Exception exception) => SpanRecorder.AsyncEnd(ref scope, exception);

    // ---- async methods and iterators woven at run time (no scope field: see AsyncScopeHolder) ----

    /// <summary>
    /// <see cref="AsyncStep"/> for an async state machine woven at run time. <paramref name="firstStep"/> is the
    /// woven code's test of the compiler's state field (-1 before the first step); <paramref name="builderRestoresContext"/>
    /// is true for the BCL's method builders. <paramref name="holder"/> receives the scope to pass by ref to
    /// <see cref="AsyncComplete"/> / <see cref="AsyncFault"/> and to give back to <see cref="LiveAsyncStepEnd"/>.
    /// </summary>
    public static SpanContextToken LiveAsyncStep(bool firstStep, bool builderRestoresContext, int methodId, out AsyncScopeHolder holder)
        => LiveStateMachines.AsyncStep(firstStep, methodId, builderRestoresContext, out holder);

    /// <summary>End of a run-time-woven async step: <see cref="AsyncStepEnd"/>, plus what a custom builder does not undo.</summary>
    public static void LiveAsyncStepEnd(SpanContextToken previous, AsyncScopeHolder holder)
        => LiveStateMachines.AsyncStepEnd(in previous, holder);

    /// <summary>
    /// <see cref="AsyncStep"/> for an iterator or async iterator woven at run time; the scope is kept beside
    /// <paramref name="stateMachine"/>. <paramref name="firstStep"/>: the state field still holds its initial value.
    /// The step ends with <see cref="AsyncStepEnd"/>.
    /// </summary>
    public static SpanContextToken LiveIteratorStep(object stateMachine, bool firstStep, int methodId, out AsyncScopeHolder holder)
        => LiveStateMachines.IteratorStep(stateMachine, firstStep, methodId, out holder);

    /// <summary>The scope kept beside an iterator woven at run time, for its <c>Dispose</c> (never null).</summary>
    public static AsyncScopeHolder LiveIteratorScope(object stateMachine) => LiveStateMachines.IteratorHolder(stateMachine);

    // ---- finer events (opt-in weaving) ----

    /// <summary>A loop at <paramref name="siteId"/> is entered (before its first iteration).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoopEnter(ref CallScope scope, int siteId)
    {
        if (IsLive(in scope)) SpanRecorder.WriteSiteEvent(ref scope, EventKind.LoopEntry, siteId, 0, null);
    }

    /// <summary>A loop at <paramref name="siteId"/> is left; <paramref name="iterations"/> is how often its body ran (-1 when unknown).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoopExit(ref CallScope scope, int siteId, long iterations)
    {
        if (IsLive(in scope)) SpanRecorder.WriteSiteEvent(ref scope, EventKind.LoopExit, siteId, iterations, null);
    }

    /// <summary>Branch number <paramref name="branch"/> of the conditional at <paramref name="siteId"/> is entered (0 = then, 1 = else, n = case n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ConditionalEnter(ref CallScope scope, int siteId, int branch)
    {
        if (IsLive(in scope)) SpanRecorder.WriteSiteEvent(ref scope, EventKind.ConditionalEntry, siteId, branch, null);
    }

    /// <summary>The branch entered at <paramref name="siteId"/> is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ConditionalExit(ref CallScope scope, int siteId)
    {
        if (IsLive(in scope)) SpanRecorder.WriteSiteEvent(ref scope, EventKind.ConditionalExit, siteId, 0, null);
    }

    /// <summary>
    /// The variable at <paramref name="siteId"/> was assigned <paramref name="value"/>. Integers, booleans and
    /// chars travel in <see cref="EventRecord.Argument"/> (no boxing); <c>double</c>/<c>float</c> as their bits;
    /// anything else as the payload object (value types are boxed only when the call is recorded).
    /// The drain thread formats the value, bounded; it never runs app code to do so.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void VariableChange<T>(ref CallScope scope, int siteId, T value)
    {
        if (IsLive(in scope)) VariableChangeCore(ref scope, siteId, value);
    }

    /// <summary>
    /// Whether the call is recorded and the probes enabled: woven code may test it before computing an
    /// expensive value for a finer event.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLive(in CallScope scope)
        => (scope.Flags & (CallScopeFlags.Sampled | CallScopeFlags.Ended)) == CallScopeFlags.Sampled
           && scope.StartTimestamp != 0 && ProbeState.Enabled;

    private static void VariableChangeCore<T>(ref CallScope scope, int siteId, T value)
    {
        if (VariableValue.TryEncode(value, out long bits))
        {
            SpanRecorder.WriteSiteEvent(ref scope, EventKind.VariableChange, siteId, bits, VariableValue.Marker<T>.Instance);
        }
        else
        {
            SpanRecorder.WriteSiteEvent(ref scope, EventKind.VariableChange, siteId, 0, value);
        }
    }
}
