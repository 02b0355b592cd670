using System.Runtime.InteropServices;

namespace DotnetTelemetry.Weaver.Selection;

/// <summary>Assemblies that are never woven: the .NET shared frameworks' and dotnet-telemetry's own.</summary>
public static class AssemblyKinds
{
    private static readonly Lazy<HashSet<string>> FrameworkNames = new(LoadFrameworkNames);

    public static bool IsOurs(string assemblyName) => assemblyName.StartsWith("DotnetTelemetry.", StringComparison.Ordinal)
        || assemblyName.Equals("dotnet-telemetry", StringComparison.Ordinal);

    /// <summary>
    /// True for the runtime's and the shared frameworks' assemblies (Microsoft.NETCore.App, Microsoft.AspNetCore.App,
    /// Microsoft.WindowsDesktop.App: every name found in any installed version), plus the core names that exist everywhere.
    /// </summary>
    public static bool IsFramework(string assemblyName)
        => assemblyName is "mscorlib" or "netstandard" or "System.Private.CoreLib"
           || assemblyName.StartsWith("System.Private.", StringComparison.Ordinal)
           || FrameworkNames.Value.Contains(assemblyName);

    public static bool NeverWoven(string assemblyName) => IsOurs(assemblyName) || IsFramework(assemblyName);

    private static HashSet<string> LoadFrameworkNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            // <dotnet root>/shared/<framework>/<version>/ holds the running runtime directory.
            var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
            var shared = Directory.GetParent(runtimeDirectory)?.Parent;
            if (shared is null || !shared.Exists) return names;
            foreach (var framework in shared.EnumerateDirectories())
            {
                foreach (var version in framework.EnumerateDirectories())
                {
                    foreach (var file in version.EnumerateFiles("*.dll"))
                    {
                        names.Add(Path.GetFileNameWithoutExtension(file.Name));
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No shared framework to read (a self-contained weaver): the fixed names above still apply.
        }
        return names;
    }
}
