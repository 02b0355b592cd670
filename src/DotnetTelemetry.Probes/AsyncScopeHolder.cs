namespace DotnetTelemetry.Probes;

/// <summary>
/// The scope of one async operation or enumeration woven at run time (profiler shim, attach), where the
/// state machine type is already loaded and cannot gain the scope field that ahead-of-time weaving adds.
/// Woven <c>MoveNext</c> keeps the holder in a local for the step and passes <c>ref holder.Scope</c> to the
/// same probes the field-based weaving uses. Between steps the holder travels in an AsyncLocal (async
/// methods) or beside the state machine object (iterators): see <see cref="LiveStateMachines"/>.
/// </summary>
/// <remarks>
/// Created only for a recorded operation (and for an unsampled one whose context later steps must carry);
/// everything else shares <see cref="Untracked"/>, whose scope is already ended so no probe writes to it.
/// </remarks>
public sealed class AsyncScopeHolder
{
    /// <summary>The operation's scope. Public because woven IL takes its address (<c>ldflda</c>).</summary>
    public CallScope Scope;

    /// <summary>
    /// The value the AsyncLocal had before this operation's first step replaced it; put back at the end of that
    /// step when the method's builder does not restore the execution context itself (a custom builder).
    /// </summary>
    internal AsyncScopeHolder? Outer;

    /// <summary>True between the first step setting the AsyncLocal and the step's end restoring <see cref="Outer"/>.</summary>
    internal bool OuterPending;

    internal AsyncScopeHolder(in CallScope scope)
    {
        Scope = scope;
    }

    /// <summary>What every untracked operation shares: started and ended, so entries, exits and steps are no-ops.</summary>
    internal static readonly AsyncScopeHolder Untracked = new(new CallScope { Flags = CallScopeFlags.Started | CallScopeFlags.Ended });

    internal bool IsRecorded => (Scope.Flags & CallScopeFlags.Sampled) != 0;
}
