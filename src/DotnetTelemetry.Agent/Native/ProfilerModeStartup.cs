using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// The agent's one call into profiler mode: after the probes are configured, weave the loaded and
/// future assemblies through the shim when the shim is this process's profiler. Returns null when
/// the process runs without it (the startup-hook-only mode: nothing to do here).
/// </summary>
internal static class ProfilerModeStartup
{
    public static ProfilerMode? TryStart(string agentHome, IReadOnlyList<string> include, IReadOnlyList<string> exclude, WeaveLog log)
        => ProfilerMode.TryStart(agentHome, Selection, include, exclude, log);

    /// <summary>The weaver's selection for a set of patterns: the same rules as ahead-of-time weaving.</summary>
    internal static (ILiveMethodTransform, LiveAssemblyFilter) Selection(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        var rules = SelectionRules.Parse(string.Join(";", include), string.Join(";", exclude));
        // Without include patterns only the app's own assemblies (its projects, not NuGet packages)
        // are candidates, as in ahead-of-time weaving; AssemblyKinds keeps the framework and ourselves out.
        var app = AppAssemblies.OfCurrentProcess();
        var filter = new LiveAssemblyFilter(name => !AssemblyKinds.NeverWoven(name) && rules.MayWeaveAssembly(name, app.IsOwn(name)));
        return (new WeaverLiveTransform(rules), filter);
    }
}
