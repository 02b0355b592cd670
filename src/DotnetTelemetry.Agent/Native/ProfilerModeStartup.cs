using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// The agent's one call into profiler mode: after the probes are configured, weave the loaded and
/// future assemblies through the shim when the shim is this process's profiler. Returns null when
/// the process runs without it (the startup-hook-only mode: nothing to do here).
/// </summary>
internal static class ProfilerModeStartup
{
    public static ProfilerMode? TryStart(string agentHome, IReadOnlyList<string> include, IReadOnlyList<string> exclude, Action<string> log)
    {
        var rules = SelectionRules.Parse(string.Join(";", include), string.Join(";", exclude));
        // Without include patterns only the app's own assemblies (not NuGet packages) are candidates,
        // as ahead-of-time weaving does; AssemblyKinds keeps the framework and ourselves out.
        var app = AppAssemblies.OfCurrentProcess();
        var filter = new LiveAssemblyFilter(name => !AssemblyKinds.NeverWoven(name) && rules.MayWeaveAssembly(name, app.IsOwn(name)));
        return ProfilerMode.TryStart(agentHome, new WeaverLiveTransform(rules), filter, log);
    }
}
