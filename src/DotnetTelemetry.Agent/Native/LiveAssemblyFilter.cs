using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// Which loaded assemblies load-time weaving looks at: app code loaded from a file, never the
/// runtime's shared frameworks, never dotnet-telemetry itself or anything in the agent's own load
/// context. (Method-level selection is the transform's business.)
/// </summary>
internal sealed class LiveAssemblyFilter
{
    private readonly string _sharedFrameworksRoot;
    private readonly AssemblyLoadContext? _agentContext;
    private readonly Func<string, bool> _mayWeaveName;

    /// <param name="mayWeaveName">Further rule on the simple name (for example the include/exclude filters).</param>
    public LiveAssemblyFilter(Func<string, bool> mayWeaveName)
    {
        _mayWeaveName = mayWeaveName;
        _agentContext = AssemblyLoadContext.GetLoadContext(typeof(LiveAssemblyFilter).Assembly);
        // <dotnet root>/shared/<framework>/<version>/: everything under <dotnet root>/shared is framework.
        string runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        _sharedFrameworksRoot = Directory.GetParent(runtimeDirectory)?.Parent?.FullName ?? runtimeDirectory;
    }

    /// <summary>Null when <paramref name="assembly"/> may be woven, else why not.</summary>
    public string? WhyNot(Assembly assembly)
    {
        if (assembly.IsDynamic)
        {
            return "dynamic assembly";
        }
        string location = assembly.Location;
        if (string.IsNullOrEmpty(location))
        {
            return "not loaded from a file";
        }
        if (location.StartsWith(_sharedFrameworksRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return "shared framework";
        }
        string name = assembly.GetName().Name ?? string.Empty;
        if (name.StartsWith("DotnetTelemetry.", StringComparison.Ordinal) || name == "dotnet-telemetry")
        {
            return "dotnet-telemetry's own";
        }
        if (_agentContext is not null && _agentContext != AssemblyLoadContext.Default && AssemblyLoadContext.GetLoadContext(assembly) == _agentContext)
        {
            return "the agent's load context";
        }
        return _mayWeaveName(name) ? null : "excluded by the filters";
    }
}
