using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>
/// `run --mode weave`: finds the app a command line starts (`dotnet app.dll ...` or an apphost `./app ...`),
/// weaves a shadow copy of its folder into the weave cache (reused while the folder's content is unchanged),
/// and returns the same command pointing into the copy. The app folder itself is never written.
/// </summary>
internal static class WeaveModeLauncher
{
    /// <summary>
    /// For a `run` whose --include/--exclude are lists of globs: weaves and returns the rewritten command, or the
    /// command unchanged (with a note on <paramref name="log"/>) when weaving cannot be done.
    /// </summary>
    public static string[] PrepareOrKeep(string[] command, IEnumerable<string> include, IEnumerable<string> exclude, TextWriter log)
    {
        try
        {
            var rules = SelectionRules.Parse(Join(include, "DOTNET_TELEMETRY_INCLUDE"), Join(exclude, "DOTNET_TELEMETRY_EXCLUDE"));
            return Prepare(command, rules, log);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            log.WriteLine($"dotnet-telemetry run: weaving failed ({e.Message}); running the app unwoven.");
            return command;
        }
    }

    private static string? Join(IEnumerable<string> patterns, string environmentVariable)
    {
        var list = patterns.ToList();
        return list.Count > 0 ? string.Join(";", list) : Environment.GetEnvironmentVariable(environmentVariable);
    }

    public static string[] Prepare(string[] command, SelectionRules rules, TextWriter log, string? cacheRoot = null)
    {
        int appIndex = FindApp(command);
        if (appIndex < 0)
        {
            log.WriteLine("dotnet-telemetry run: no .NET app found in the command (expected 'dotnet app.dll' or an apphost); running it unwoven.");
            return command;
        }
        string appPath = Path.GetFullPath(command[appIndex]);
        string appDirectory = Path.GetDirectoryName(appPath)!;
        var entry = WeaveCache.Prepare(appDirectory, rules, cacheRoot);
        if (entry.Reused)
        {
            log.WriteLine($"dotnet-telemetry run: woven copy reused from {entry.Directory}");
        }
        else
        {
            var summary = entry.Summary!;
            log.WriteLine($"dotnet-telemetry run: wove {summary.AssembliesWoven} assemblies ({summary.MethodsWoven} methods) into {entry.Directory}");
            foreach (var failed in summary.Assemblies.Where(a => a.Status == Weaver.AssemblyStatus.Failed))
            {
                log.WriteLine($"dotnet-telemetry run: {Path.GetFileName(failed.Path)} left unwoven: {failed.Message}");
            }
        }
        var rewritten = (string[])command.Clone();
        rewritten[appIndex] = Path.Combine(entry.Directory, Path.GetFileName(appPath));
        return rewritten;
    }

    /// <summary>The index of the app's dll (after `dotnet` and its options) or of an apphost beside its dll; -1 when there is none.</summary>
    internal static int FindApp(string[] command)
    {
        if (command.Length == 0) return -1;
        string first = Path.GetFileNameWithoutExtension(command[0]);
        if (first == "dotnet")
        {
            for (int i = 1; i < command.Length; i++)
            {
                if (command[i] == "exec") continue;
                if (command[i].StartsWith('-'))
                {
                    // dotnet host options that take a value: --runtimeconfig, --depsfile, --additionalprobingpath, ...
                    if (!command[i].Contains('=')) i++;
                    continue;
                }
                return command[i].EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && File.Exists(command[i]) ? i : -1;
            }
            return -1;
        }
        string? resolved = File.Exists(command[0]) ? command[0] : null;
        if (resolved is null) return -1;
        string directory = Path.GetDirectoryName(Path.GetFullPath(resolved))!;
        string dll = Path.Combine(directory, Path.GetFileNameWithoutExtension(resolved) + ".dll");
        return File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")) ? 0 : -1;
    }
}
