using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using DotnetTelemetry.Otlp.Delivery;
using DotnetTelemetry.Schema;
using DotnetTelemetry.Weaver.IO;

namespace DotnetTelemetry.Agent.Internal;

/// <summary>
/// Whether code is the agent's by where it lives: the agent's own load context holds the agent and everything it
/// depends on (Otlp, Schema, Weaver, dnlib, Google.Protobuf, ...) and nothing of the app. It catches what the
/// thread marks of <see cref="AgentCode"/> cannot: agent code running on a thread that carries no mark.
/// </summary>
internal static class AgentAssemblies
{
    private static readonly Assembly[] Own =
    {
        typeof(AgentAssemblies).Assembly,
        typeof(SelfInstrumentation).Assembly,
        typeof(TelemetryEvent).Assembly,
        typeof(DnlibPlatform).Assembly,
    };

    // Loaded into the default context (tests, tools that reference the agent), the context says nothing: the
    // app's assemblies are there too. Then only our own assemblies count.
    private static readonly AssemblyLoadContext? PrivateContext =
        AssemblyLoadContext.GetLoadContext(Own[0]) is { } context && context != AssemblyLoadContext.Default ? context : null;

    // Asking an assembly for its load context costs more than the throw's own reflection: the answer is kept per
    // assembly (weakly: a collectible app assembly can still go).
    private static readonly ConditionalWeakTable<Assembly, object> Verdicts = new();
    private static readonly object Ours = new();
    private static readonly object NotOurs = new();

    public static bool Contains(Assembly? assembly)
    {
        if (assembly is null)
        {
            return false;
        }
        if (!Verdicts.TryGetValue(assembly, out object? verdict))
        {
            bool ours = Array.IndexOf(Own, assembly) >= 0
                || (PrivateContext is not null && AssemblyLoadContext.GetLoadContext(assembly) == PrivateContext);
            verdict = ours ? Ours : NotOurs;
            Verdicts.AddOrUpdate(assembly, verdict);
        }
        return ReferenceEquals(verdict, Ours);
    }

    /// <summary>True when the method that threw <paramref name="exception"/> is the agent's (or its dependencies').</summary>
    public static bool Threw(Exception exception) => Contains(exception.TargetSite?.Module.Assembly);
}
