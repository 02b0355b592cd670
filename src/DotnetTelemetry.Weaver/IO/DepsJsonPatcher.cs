using System.Text.Json;
using System.Text.Json.Nodes;

namespace DotnetTelemetry.Weaver.IO;

/// <summary>
/// Adds DotnetTelemetry.Probes to an app's deps.json, so the host puts the copy beside the app on the load path
/// and an instrumented app started without the agent still finds the probes (dormant).
/// </summary>
public static class DepsJsonPatcher
{
    public const string ProbesName = "DotnetTelemetry.Probes";

    /// <summary>Returns false (and leaves the file alone) when it already lists the probes or cannot be read.</summary>
    public static bool AddProbes(string depsJsonPath, Version probesVersion)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(depsJsonPath)); }
        catch (Exception e) when (e is JsonException or IOException) { return false; }
        if (root is not JsonObject document) return false;

        string key = $"{ProbesName}/{probesVersion.ToString(3)}";
        var libraries = document["libraries"] as JsonObject ?? new JsonObject();
        document["libraries"] = libraries;
        if (libraries.Any(l => l.Key.StartsWith(ProbesName + "/", StringComparison.Ordinal))) return false;

        string? target = document["runtimeTarget"]?["name"]?.GetValue<string>();
        if (target is null || document["targets"]?[target] is not JsonObject targetLibraries) return false;
        targetLibraries[key] = new JsonObject
        {
            ["runtime"] = new JsonObject
            {
                [ProbesName + ".dll"] = new JsonObject
                {
                    ["assemblyVersion"] = probesVersion.ToString(),
                    ["fileVersion"] = probesVersion.ToString(),
                },
            },
        };
        libraries[key] = new JsonObject { ["type"] = "project", ["serviceable"] = false, ["sha512"] = "" };

        string temp = depsJsonPath + ".tmp";
        File.WriteAllText(temp, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, depsJsonPath, overwrite: true);
        return true;
    }
}
