using System.Reflection;
using System.Runtime.Loader;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>
/// Loads assemblies from one folder (then an optional fallback folder) into their own collectible context;
/// everything else (the BCL, and DotnetTelemetry.Probes, which woven code references by name) comes from the default context.
/// </summary>
internal sealed class IsolatedContext : AssemblyLoadContext
{
    private readonly string[] _directories;

    public IsolatedContext(string directory, string? fallbackDirectory = null) : base($"isolated:{directory}", isCollectible: true)
        => _directories = fallbackDirectory is null ? new[] { directory } : new[] { directory, fallbackDirectory };

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name is null || name.Name.StartsWith("DotnetTelemetry.", StringComparison.Ordinal)) return null;
        foreach (var directory in _directories)
        {
            var path = Path.Combine(directory, name.Name + ".dll");
            if (File.Exists(path)) return LoadFromAssemblyPath(path);
        }
        return null;
    }
}
