using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Diagnostics.NETCore.Client;

namespace DotnetTelemetry.Cli.Attach;

/// <summary>
/// What the CLI can tell about a running .NET process from the outside: /proc (name, command line,
/// owner, mapped files) and its diagnostics socket. Linux only, like attach itself.
/// </summary>
internal sealed record DotnetProcess(
    int Pid,
    string Name,
    string CommandLine,
    Version? RuntimeVersion,
    bool SameUser,
    bool AgentLoaded,
    bool ShimLoaded,
    string? OtherProfiler)
{
    private static readonly Regex FrameworkDirectory = new(@"/shared/Microsoft\.NETCore\.App/(\d+\.\d+\.\d+)", RegexOptions.Compiled);

    /// <summary>The .NET processes that publish a diagnostics socket this user can see.</summary>
    public static IReadOnlyList<DotnetProcess> List()
    {
        var result = new List<DotnetProcess>();
        foreach (int pid in DiagnosticsClient.GetPublishedProcesses().Distinct().OrderBy(p => p))
        {
            if (pid != Environment.ProcessId && Inspect(pid) is { } process)
            {
                result.Add(process);
            }
        }
        return result;
    }

    /// <summary>Reads /proc/&lt;pid&gt;; null when the process is gone or unreadable.</summary>
    public static DotnetProcess? Inspect(int pid)
    {
        string proc = $"/proc/{pid}";
        try
        {
            if (!Directory.Exists(proc))
            {
                return null;
            }
            string name = ReadText(Path.Combine(proc, "comm"))?.Trim() ?? "?";
            string commandLine = (ReadText(Path.Combine(proc, "cmdline")) ?? string.Empty).Replace('\0', ' ').Trim();
            bool sameUser = OwnerUid(proc) == CurrentUid();
            string[] mapped = sameUser ? MappedFiles(proc) : Array.Empty<string>();
            string? otherProfiler = mapped.FirstOrDefault(IsOtherProfiler);
            return new DotnetProcess(
                pid,
                name,
                commandLine,
                RuntimeVersionOf(mapped, proc),
                sameUser,
                AgentLoaded: mapped.Any(f => f.EndsWith("/DotnetTelemetry.Agent.dll", StringComparison.Ordinal)),
                ShimLoaded: mapped.Any(f => f.EndsWith("/libdotnet_telemetry_shim.so", StringComparison.Ordinal)),
                otherProfiler);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The runtime version: from the shared framework directory libcoreclr was mapped from, else CoreLib's file version.</summary>
    private static Version? RuntimeVersionOf(string[] mapped, string proc)
    {
        string? coreclr = mapped.FirstOrDefault(f => f.EndsWith("/libcoreclr.so", StringComparison.Ordinal));
        if (coreclr is null)
        {
            return null;
        }
        var match = FrameworkDirectory.Match(coreclr);
        if (match.Success && Version.TryParse(match.Groups[1].Value, out var version))
        {
            return version;
        }
        // Self-contained app: the runtime sits beside the app; its CoreLib carries the version.
        string coreLib = proc + "/root" + Path.Combine(Path.GetDirectoryName(coreclr)!, "System.Private.CoreLib.dll");
        try
        {
            var info = FileVersionInfo.GetVersionInfo(coreLib);
            string? product = info.ProductVersion?.Split('+', '-')[0];
            return Version.TryParse(product, out var fromFile) ? fromFile : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A profiler library of someone else (the runtime allows one profiler per process).</summary>
    private static bool IsOtherProfiler(string file)
    {
        string name = Path.GetFileName(file);
        return !name.Equals("libdotnet_telemetry_shim.so", StringComparison.Ordinal)
               && (name.Contains("profiler", StringComparison.OrdinalIgnoreCase) || name.Contains("InstrumentationEngine", StringComparison.Ordinal)
                   || name.StartsWith("Datadog.Trace.ClrProfiler", StringComparison.Ordinal) || name.StartsWith("libNewRelicProfiler", StringComparison.Ordinal)
                   || name.StartsWith("OpenTelemetry.AutoInstrumentation.Native", StringComparison.Ordinal));
    }

    private static string[] MappedFiles(string proc)
    {
        string? maps = ReadText(Path.Combine(proc, "maps"));
        if (maps is null)
        {
            return Array.Empty<string>();
        }
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in maps.Split('\n'))
        {
            int slash = line.IndexOf('/');
            if (slash >= 0)
            {
                files.Add(line[slash..].Replace(" (deleted)", string.Empty, StringComparison.Ordinal));
            }
        }
        return files.ToArray();
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long OwnerUid(string proc)
    {
        string? status = ReadText(Path.Combine(proc, "status"));
        string? uidLine = status?.Split('\n').FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uidLine is not null && long.TryParse(uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], out long uid) ? uid : -1;
    }

    private static long CurrentUid() => OwnerUid("/proc/self");
}
