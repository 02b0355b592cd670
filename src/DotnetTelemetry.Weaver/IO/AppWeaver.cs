using DotnetTelemetry.Probes;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Weaver.IO;

/// <summary>Progress and results of weaving an app folder or one file.</summary>
public sealed class WeaveSummary
{
    public List<AssemblyOutcome> Assemblies { get; } = new();
    public int AssembliesWoven => Assemblies.Count(a => a.Status == AssemblyStatus.Woven);
    public int MethodsWoven => Assemblies.Where(a => a.Status == AssemblyStatus.Woven).Sum(a => a.WovenCount);

    public IEnumerable<KeyValuePair<string, int>> SkippedByReason()
        => Assemblies.Where(a => a.Status == AssemblyStatus.Woven)
            .SelectMany(a => a.SkippedByReason())
            .GroupBy(p => p.Key)
            .Select(g => new KeyValuePair<string, int>(g.Key, g.Sum(p => p.Value)))
            .OrderByDescending(p => p.Value);
}

/// <summary>
/// Weaves an app: its selected assemblies, plus DotnetTelemetry.Probes.dll beside them and in deps.json.
/// In place, each replaced file keeps a <c>.orig</c> backup (written once: re-running never overwrites the
/// original backup). Everything is written through temp files and renames.
/// </summary>
public static class AppWeaver
{
    public static string ProbesAssemblyPath => typeof(Probe).Assembly.Location;

    /// <summary>Weaves every selected assembly of the folder <paramref name="directory"/> in place.</summary>
    public static WeaveSummary WeaveFolderInPlace(string directory, SelectionRules rules, bool keepBackups, Action<string>? progress = null)
    {
        var summary = new WeaveSummary();
        var app = AppFolder.Read(directory);
        var files = Directory.EnumerateFiles(directory, "*.dll").OrderBy(p => p, StringComparer.Ordinal)
            .Select(path => (Path: path, Name: AssemblyProbe.AssemblyName(path)))
            .ToList();
        foreach (var (path, _) in files.Where(f => f.Name is null))
        {
            summary.Assemblies.Add(new AssemblyOutcome(path, AssemblyStatus.NotDotNet, "not a .NET assembly (or corrupt): left untouched"));
        }
        var candidates = files
            .Where(c => c.Name is not null && !AssemblyKinds.NeverWoven(c.Name!) && rules.MayWeaveAssembly(c.Name!, app.IsOwn(c.Name!)))
            .ToList();
        for (int i = 0; i < candidates.Count; i++)
        {
            var (path, _) = candidates[i];
            progress?.Invoke($"[{i + 1}/{candidates.Count}] {Path.GetFileName(path)}");
            summary.Assemblies.Add(WeaveFileInPlace(path, rules, keepBackups));
        }
        if (summary.AssembliesWoven > 0) InstallProbes(directory, app.DepsJsonPath, keepBackups);
        return summary;
    }

    /// <summary>Weaves one assembly in place (keeping <c>.orig</c> backups of the dll and its pdb when asked).</summary>
    public static AssemblyOutcome WeaveFileInPlace(string path, SelectionRules rules, bool keepBackups)
    {
        string backup = path + ".orig";
        string pdb = Path.ChangeExtension(path, ".pdb");
        bool madeBackup = false;
        if (keepBackups && !File.Exists(backup))
        {
            File.Copy(path, backup);
            if (File.Exists(pdb) && !File.Exists(pdb + ".orig")) File.Copy(pdb, pdb + ".orig");
            madeBackup = true;
        }
        var outcome = AssemblyFileWeaver.Weave(path, path, rules);
        if (madeBackup && outcome.Status != AssemblyStatus.Woven)
        {
            File.Delete(backup);
            if (File.Exists(pdb + ".orig")) File.Delete(pdb + ".orig");
        }
        return outcome;
    }

    /// <summary>Copies a folder tree (used before weaving a copy: <c>instrument -o</c> and the weave cache).</summary>
    public static void CopyTree(string source, string destination)
    {
        source = Path.GetFullPath(source);
        destination = Path.GetFullPath(destination);
        Directory.CreateDirectory(destination);
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            if (IsInside(directory, destination)) continue;
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, directory)));
        }
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            if (IsInside(file, destination)) continue;
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)), overwrite: true);
        }
    }

    /// <summary>Puts DotnetTelemetry.Probes.dll beside the woven assemblies and lists it in deps.json.</summary>
    public static void InstallProbes(string directory, string? depsJsonPath, bool keepBackups)
    {
        string target = Path.Combine(directory, Path.GetFileName(ProbesAssemblyPath));
        if (!File.Exists(target))
        {
            string temp = target + ".tmp";
            File.Copy(ProbesAssemblyPath, temp, overwrite: true);
            File.Move(temp, target, overwrite: true);
        }
        if (depsJsonPath is null) return;
        string backup = depsJsonPath + ".orig";
        bool backedUp = false;
        if (keepBackups && !File.Exists(backup))
        {
            File.Copy(depsJsonPath, backup);
            backedUp = true;
        }
        var version = typeof(Probe).Assembly.GetName().Version ?? new Version(0, 0, 0);
        if (!DepsJsonPatcher.AddProbes(depsJsonPath, version) && backedUp) File.Delete(backup);
    }

    private static bool IsInside(string path, string directory)
        => path.StartsWith(directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
           || path == directory;
}
