using System.Runtime.CompilerServices;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Benchmarks;

/// <summary>
/// SmallMethods.Add woven by hand, in the shape the weaver emits today and in a cheaper candidate shape,
/// so the two can be compared without changing the weaver.
/// </summary>
internal static class HandWoven
{
    /// <summary>Today's shape: <c>scope = Probe.Enter(id)</c> (returned through a temporary, then copied).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int AddReturnedScope(int a, int b)
    {
        var scope = Probe.Enter(1);
        int result;
        try
        {
            result = a + b;
        }
        catch (Exception e) when (Probe.Fault(ref scope, e))
        {
            throw;
        }
        finally
        {
            Probe.Exit(ref scope);
        }
        return result;
    }

    /// <summary>Candidate shape: <c>Probe.Enter(ref scope, id)</c> fills the zero-initialized local in place.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int AddScopeInPlace(int a, int b)
    {
        CallScope scope = default;
        Probe.Enter(ref scope, 1);
        int result;
        try
        {
            result = a + b;
        }
        catch (Exception e) when (Probe.Fault(ref scope, e))
        {
            throw;
        }
        finally
        {
            Probe.Exit(ref scope);
        }
        return result;
    }
}
