using DotnetTelemetry.Weaver.IO;
using System.Diagnostics;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>`dotnet-telemetry instrument` and `run` (weave mode), as real processes of the built CLI.</summary>
public sealed class CliTests
{
    [Fact]
    public void Instrument_in_place_prints_a_summary_and_keeps_backups()
    {
        using var app = new TempDirectory("weaver-cli");
        AppWeaver.CopyTree(ConsoleSample.Directory, app.Path);

        var (exit, stdout, stderr) = Cli.Run(null, "instrument", app.Path);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Matches(@"woven\s+ConsoleSample\.dll: \d+ methods woven", stdout);
        Assert.Contains("1 assemblies woven", stdout);
        Assert.Contains("skipped", stdout);
        Assert.Contains("[1/1] ConsoleSample.dll", stderr); // progress
        Assert.True(File.Exists(app.File("ConsoleSample.dll.orig")));
        Assert.Equal(ConsoleSample.Run(ConsoleSample.Directory), ConsoleSample.Run(app.Path));
        AssertPortableProbes(app.File("DotnetTelemetry.Probes.dll"));
    }

    /// <summary>The Probes an instrumented app ships must load on any .NET 8+ runtime: net8.0, plain IL (not precompiled).</summary>
    private static void AssertPortableProbes(string path)
    {
        using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
        Assert.Equal(0, reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
        var frameworks = metadata.CustomAttributes
            .Select(handle => metadata.GetCustomAttribute(handle))
            .Where(attribute => metadata.GetMemberReference((System.Reflection.Metadata.MemberReferenceHandle)attribute.Constructor).Parent is var parent
                && parent.Kind == System.Reflection.Metadata.HandleKind.TypeReference
                && metadata.GetString(metadata.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)parent).Name) == "TargetFrameworkAttribute")
            .Select(attribute => System.Text.Encoding.UTF8.GetString(metadata.GetBlobBytes(attribute.Value)))
            .ToList();
        Assert.Contains(".NETCoreApp,Version=v8.0", Assert.Single(frameworks));
    }

    [Fact]
    public void Instrument_reports_a_non_dotnet_file_and_leaves_it_alone()
    {
        using var temp = new TempDirectory("weaver-cli");
        File.WriteAllText(temp.File("readme.dll"), "hello");

        var (exit, stdout, _) = Cli.Run(null, "instrument", temp.File("readme.dll"));

        Assert.Equal(1, exit);
        Assert.Contains("NOT .NET", stdout);
        Assert.Contains("not a PE file", stdout);
        Assert.Equal("hello", File.ReadAllText(temp.File("readme.dll")));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Run_weaves_once_into_the_cache_then_reuses_it()
    {
        using var app = new TempDirectory("weaver-cli");
        using var cache = new TempDirectory("weaver-cli-cache");
        AppWeaver.CopyTree(ConsoleSample.Directory, app.Path);
        var appBefore = Directory.GetFiles(app.Path).ToDictionary(f => f, File.ReadAllBytes);
        var environment = new Dictionary<string, string> { ["DOTNET_TELEMETRY_WEAVE_CACHE"] = cache.Path, ["DOTNET_TELEMETRY_HOME"] = AgentHome.Path };
        string dll = app.File("ConsoleSample.dll");

        var first = Cli.Run(environment, "run", "--mode", "weave", "-o", "none", "--", "dotnet", dll);
        var second = Cli.Run(environment, "run", "--mode", "weave", "-o", "none", "--", "dotnet", dll);

        Assert.Equal(0, first.Exit);
        Assert.Contains("wove 1 assemblies", first.Stderr);
        Assert.Contains("woven copy reused", second.Stderr);
        Assert.Contains("ConsoleSample done", first.Stdout);
        Assert.Equal(first.Stdout, second.Stdout);
        foreach (var (file, bytes) in appBefore) Assert.Equal(bytes, File.ReadAllBytes(file));
        Assert.Equal(appBefore.Count, Directory.GetFiles(app.Path).Length);
    }
}

/// <summary>`run` with an apphost (`./App` instead of `dotnet App.dll`): the apphost is copied and started from the woven copy.</summary>
public sealed class CliApphostTests
{
    [Fact]
    public void Run_weaves_an_app_started_through_its_apphost()
    {
        using var app = new TempDirectory("weaver-cli");
        using var cache = new TempDirectory("weaver-cli-cache");
        AppWeaver.CopyTree(ConsoleSample.Directory, app.Path);
        Assert.True(File.Exists(app.File("ConsoleSample")), "the sample has an apphost");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(app.File("ConsoleSample"), File.GetUnixFileMode(Path.Combine(ConsoleSample.Directory, "ConsoleSample")));

        var (exit, stdout, stderr) = Cli.Run(new() { ["DOTNET_TELEMETRY_WEAVE_CACHE"] = cache.Path, ["DOTNET_TELEMETRY_HOME"] = AgentHome.Path },
            "run", "--mode", "weave", "-o", "none", "--", app.File("ConsoleSample"));

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("wove 1 assemblies", stderr);
        Assert.Contains("ConsoleSample done", stdout);
    }
}

/// <summary>The CLI as the agent home ships it (artifacts/dotnet-telemetry/cli, laid out by ./build.sh), run as a process.</summary>
internal static class Cli
{
    public static (int Exit, string Stdout, string Stderr) Run(Dictionary<string, string>? environment, params string[] args)
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "Agent.sln"))) root = Path.GetDirectoryName(root);
        string cli = Path.Combine(root!, "artifacts", "dotnet-telemetry", "cli", "dotnet-telemetry.dll");
        Assert.True(File.Exists(cli), $"the agent home is laid out by ./build.sh ({cli})");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("DOTNET_STARTUP_HOOKS");
        foreach (var (key, value) in environment ?? new()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the CLI finished");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>`instrument` on one dll of an app folder: the app (which has a deps.json) still runs.</summary>
public sealed class CliSingleFileTests
{
    [Fact]
    public void Instrument_one_dll_in_place_keeps_the_app_runnable()
    {
        using var app = new TempDirectory("weaver-cli");
        AppWeaver.CopyTree(ConsoleSample.Directory, app.Path);

        var (exit, stdout, stderr) = Cli.Run(null, "instrument", app.File("ConsoleSample.dll"));

        Assert.True(exit == 0, stdout + stderr);
        Assert.True(File.Exists(app.File("ConsoleSample.dll.orig")));
        Assert.True(File.Exists(app.File("ConsoleSample.deps.json.orig")));
        Assert.Contains("DotnetTelemetry.Probes", File.ReadAllText(app.File("ConsoleSample.deps.json")));
        Assert.Equal(ConsoleSample.Run(ConsoleSample.Directory), ConsoleSample.Run(app.Path));
    }
}
