using System.Text.Json.Nodes;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Weaver.IO;

/// <summary>What an app folder says about itself: its own (project) assemblies, from deps.json or runtimeconfig.json.</summary>
public sealed class AppFolder
{
    private AppFolder(string directory, string? depsJson, HashSet<string> ownAssemblies)
    {
        Directory = directory;
        DepsJsonPath = depsJson;
        OwnAssemblies = ownAssemblies;
    }

    public string Directory { get; }
    public string? DepsJsonPath { get; }

    /// <summary>
    /// Names of the app's own assemblies: deps.json libraries of type <c>project</c>; without deps.json, the entry
    /// assembly named by <c>*.runtimeconfig.json</c>; with neither (a folder of libraries), every assembly.
    /// </summary>
    public HashSet<string> OwnAssemblies { get; }

    public bool IsOwn(string assemblyName) => OwnAssemblies.Count == 0 || OwnAssemblies.Contains(assemblyName);

    public static AppFolder Read(string directory)
    {
        var own = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var deps = System.IO.Directory.EnumerateFiles(directory, "*.deps.json").OrderBy(p => p, StringComparer.Ordinal).FirstOrDefault();
        if (deps is not null)
        {
            try
            {
                if (JsonNode.Parse(File.ReadAllText(deps))?["libraries"] is JsonObject libraries)
                {
                    foreach (var (key, value) in libraries)
                    {
                        if (value?["type"]?.GetValue<string>() == "project") own.Add(key.Split('/')[0]);
                    }
                }
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or IOException or InvalidOperationException)
            {
                // An unreadable deps.json: fall back to the runtimeconfig rule below.
            }
        }
        if (own.Count == 0)
        {
            foreach (var config in System.IO.Directory.EnumerateFiles(directory, "*.runtimeconfig.json"))
            {
                own.Add(Path.GetFileName(config)[..^".runtimeconfig.json".Length]);
            }
        }
        own.RemoveWhere(AssemblyKinds.NeverWoven);
        return new AppFolder(directory, deps, own);
    }
}
