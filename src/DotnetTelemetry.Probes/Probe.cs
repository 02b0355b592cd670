namespace DotnetTelemetry.Probes;

/// <summary>
/// The probe API that woven IL calls. This surface is a contract with the weaver
/// (<c>DotnetTelemetry.Weaver</c>) and with assemblies woven by earlier versions: add to it,
/// never change or remove a member.
/// </summary>
/// <remarks>
/// Synchronous method M is woven as:
/// <code>
///   var scope = Probe.Enter(methodId);
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
/// Every member is exception-free: a probe never throws into the app.
/// </remarks>
public static class Probe
{
    /// <summary>Records the entry of a call to <paramref name="methodId"/> and makes it the current span.</summary>
    public static CallScope Enter(int methodId) => SpanRecorder.Enter(methodId);

    /// <summary>Records the exit of the call (with the exception, if <see cref="Fault"/> saw one) and restores the parent as current span.</summary>
    public static void Exit(ref CallScope scope) => SpanRecorder.Exit(ref scope);

    /// <summary>Exception filter body: remembers the exception for the exit event and returns false, so the exception is never caught.</summary>
    public static bool Fault(ref CallScope scope, Exception exception)
    {
        if (scope.StartTimestamp != 0)
        {
            scope.Exception = exception;
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
    public static void AsyncStepEnd(SpanContextToken previous) => SpanRecorder.AsyncStepEnd(previous);

    /// <summary>Records the successful end of an async operation or enumeration (before SetResult / when MoveNext returns false).</summary>
    public static void AsyncComplete(ref CallScope scope) => SpanRecorder.AsyncEnd(ref scope, null);

    /// <summary>Records the end of an async operation by an exception (before SetException).</summary>
    public static void AsyncFault(ref CallScope scope, Exception exception) => SpanRecorder.AsyncEnd(ref scope, exception);
}
