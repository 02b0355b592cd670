using System.Reflection;
using System.Runtime.Loader;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>
/// Loads assemblies from one folder into their own collectible context; everything else (the BCL, and
/// DotnetTelemetry.Probes, which woven code references by name) comes from the default context.
/// </summary>
internal sealed class IsolatedContext : AssemblyLoadContext
{
    private readonly string _directory;

    public IsolatedContext(string directory) : base($"isolated:{directory}", isCollectible: true) => _directory = directory;

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name is null || name.Name.StartsWith("DotnetTelemetry.", StringComparison.Ordinal)) return null;
        var path = Path.Combine(_directory, name.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
