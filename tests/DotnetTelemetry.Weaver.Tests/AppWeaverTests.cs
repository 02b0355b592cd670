using System.Diagnostics;
using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>Weaving a real app folder (the ConsoleSample, built beside the tests) in place and through the cache.</summary>
public sealed class AppWeaverTests
{
    [Fact]
    public void In_place_weaving_keeps_backups_adds_probes_and_the_app_still_runs_without_the_agent()
    {
        using var temp = new TempDirectory("weaver-app");
        AppWeaver.CopyTree(ConsoleSample.Directory, temp.Path);
        var expected = ConsoleSample.Run(temp.Path);

        var summary = AppWeaver.WeaveFolderInPlace(temp.Path, SelectionRules.Default, keepBackups: true);

        var woven = Assert.Single(summary.Assemblies, a => a.Status == AssemblyStatus.Woven);
        Assert.Equal("ConsoleSample.dll", Path.GetFileName(woven.Path));
        Assert.True(File.Exists(temp.File("ConsoleSample.dll.orig")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(ConsoleSample.Directory, "ConsoleSample.dll")), File.ReadAllBytes(temp.File("ConsoleSample.dll.orig")));
        Assert.True(File.Exists(temp.File("DotnetTelemetry.Probes.dll")));
        Assert.Contains("DotnetTelemetry.Probes", File.ReadAllText(temp.File("ConsoleSample.deps.json")));
        Assert.Equal(expected, ConsoleSample.Run(temp.Path));

        // A second pass finds it woven and changes nothing (and never overwrites the original backup).
        var again = AppWeaver.WeaveFolderInPlace(temp.Path, SelectionRules.Default, keepBackups: true);
        Assert.Equal(0, again.AssembliesWoven);
        Assert.Equal(File.ReadAllBytes(Path.Combine(ConsoleSample.Directory, "ConsoleSample.dll")), File.ReadAllBytes(temp.File("ConsoleSample.dll.orig")));
    }

    [Fact]
    public void Weave_cache_builds_once_then_reuses_and_never_touches_the_app_folder()
    {
        using var app = new TempDirectory("weaver-app");
        using var cache = new TempDirectory("weaver-cache");
        AppWeaver.CopyTree(ConsoleSample.Directory, app.Path);
        var before = Snapshot(app.Path);

        var first = WeaveCache.Prepare(app.Path, SelectionRules.Default, cache.Path);
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(first.Directory, "ConsoleSample.dll"));
        var second = WeaveCache.Prepare(app.Path, SelectionRules.Default, cache.Path);

        Assert.False(first.Reused);
        Assert.Equal(1, first.Summary!.AssembliesWoven);
        Assert.True(second.Reused);
        Assert.Equal(first.Directory, second.Directory);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(second.Directory, "ConsoleSample.dll")));
        Assert.Equal(before, Snapshot(app.Path));
        Assert.Equal(ConsoleSample.Run(app.Path), ConsoleSample.Run(second.Directory));

        // A changed app is a different entry.
        File.AppendAllText(Path.Combine(app.Path, "ConsoleSample.runtimeconfig.json"), " ");
        Assert.NotEqual(first.Directory, WeaveCache.Prepare(app.Path, SelectionRules.Default, cache.Path).Directory);
    }

    private static Dictionary<string, string> Snapshot(string directory)
        => Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
}

/// <summary>The ConsoleSample build output (samples/ConsoleSample, Release) and a way to run it.</summary>
internal static class ConsoleSample
{
    public static string Directory
    {
        get
        {
            var root = AppContext.BaseDirectory;
            while (root is not null && !File.Exists(Path.Combine(root, "Agent.sln"))) root = Path.GetDirectoryName(root);
            var directory = Path.Combine(root!, "samples", "ConsoleSample", "bin", "Release", "net10.0");
            Assert.True(File.Exists(Path.Combine(directory, "ConsoleSample.dll")), $"ConsoleSample is built ({directory})");
            return directory;
        }
    }

    /// <summary>Runs the app without any agent and returns its stdout and exit code.</summary>
    public static string Run(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(directory, "ConsoleSample.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("DOTNET_STARTUP_HOOKS");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "ConsoleSample finished");
        return $"{stdout.Result}exit {process.ExitCode}{(process.ExitCode != 0 ? "\n" + stderr.Result : "")}";
    }
}
