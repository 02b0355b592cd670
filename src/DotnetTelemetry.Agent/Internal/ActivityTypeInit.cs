using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace DotnetTelemetry.Agent.Internal;

/// <summary>
/// Runs <see cref="Activity"/>'s static constructor on the agent's terms: before the probes are switched on.
/// </summary>
/// <remarks>
/// That constructor creates an ActivitySource, which asks every registered ActivityListener's ShouldListenTo.
/// When that callback is app code woven with probes, the probe reads <c>Activity.Current</c> while the type is
/// still being initialised on the same thread, and the read throws (a NullReferenceException the probe catches).
/// The app's first-chance handlers see it; one that is woven too enters a probe, which reads Activity.Current and
/// throws again, and so on until the stack overflows. Initialised here, before any probe records, the type is
/// complete by the time a probe reads it, and the read never throws.
/// </remarks>
internal static class ActivityTypeInit
{
    public static void Run()
    {
        try
        {
            RuntimeHelpers.RunClassConstructor(typeof(Activity).TypeHandle);
        }
        catch (TypeInitializationException)
        {
            // an app listener threw from ShouldListenTo: Activity is as initialised as it will ever be
        }
    }
}
