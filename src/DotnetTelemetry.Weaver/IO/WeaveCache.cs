using System.Security.Cryptography;
using System.Text;
using DotnetTelemetry.Probes;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Weaver.IO;

/// <summary>
/// Shadow copies of app folders, woven, keyed by a hash of the folder's content (every file's relative path and
/// bytes), the selection, the weaver version and the probes version. The app folder itself is never written.
/// Location: <c>$DOTNET_TELEMETRY_WEAVE_CACHE</c>, else <c>$XDG_CACHE_HOME/dotnet-telemetry/weave</c>,
/// else <c>~/.cache/dotnet-telemetry/weave</c>. A finished entry holds a <c>.complete</c> marker; entries are built
/// in a temp folder and renamed into place, so concurrent runs never see half a cache entry.
/// </summary>
public static class WeaveCache
{
    private const string CompleteMarker = ".dotnet-telemetry-complete";

    public sealed record Entry(string Directory, bool Reused, WeaveSummary? Summary);

    public static string DefaultRoot()
    {
        var explicitRoot = Environment.GetEnvironmentVariable("DOTNET_TELEMETRY_WEAVE_CACHE");
        if (!string.IsNullOrEmpty(explicitRoot)) return explicitRoot;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDirectory = !string.IsNullOrEmpty(xdg) ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDirectory, "dotnet-telemetry", "weave");
    }

    public static Entry Prepare(string appDirectory, SelectionRules rules, string? root = null, Action<string>? progress = null)
    {
        root ??= DefaultRoot();
        string key = Key(appDirectory, rules);
        string entry = Path.Combine(root, key);
        if (File.Exists(Path.Combine(entry, CompleteMarker))) return new Entry(entry, Reused: true, Summary: null);

        Directory.CreateDirectory(root);
        string building = Path.Combine(root, $"{key}.building-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            AppWeaver.CopyTree(appDirectory, building);
            var summary = AppWeaver.WeaveFolderInPlace(building, rules, keepBackups: false, progress);
            File.WriteAllText(Path.Combine(building, CompleteMarker), $"woven from {Path.GetFullPath(appDirectory)}\n");
            try
            {
                Directory.Move(building, entry);
            }
            catch (IOException) when (File.Exists(Path.Combine(entry, CompleteMarker)))
            {
                // Another run finished the same entry first: use theirs.
                Directory.Delete(building, recursive: true);
            }
            return new Entry(entry, Reused: false, summary);
        }
        catch
        {
            try { if (Directory.Exists(building)) Directory.Delete(building, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>The content hash of an app folder plus everything else that changes the woven output.</summary>
    public static string Key(string appDirectory, SelectionRules rules)
    {
        using var sha = SHA256.Create();
        void Add(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text + "\0");
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        Add($"weaver {AssemblyFileWeaver.WeaverVersion}; probes {typeof(Probe).Assembly.GetName().Version}; selection {rules.Key}");
        var full = Path.GetFullPath(appDirectory);
        foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            Add(Path.GetRelativePath(full, file));
            using var stream = File.OpenRead(file);
            Add(Convert.ToHexString(SHA256.HashData(stream)));
        }
        sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
        return Convert.ToHexString(sha.Hash!)[..32].ToLowerInvariant();
    }
}
