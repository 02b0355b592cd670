using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>
/// The dotnet tool package (artifacts/nupkg/), installed the way users install it, into a tool path of the test's
/// own, from the local folder only (a nuget.config that clears every other source, and a private package cache, so
/// nothing is fetched and nothing stale is reused), then used against the console sample.
/// </summary>
public class ToolPackageTests(ToolPackageTests.InstalledTool installed) : IClassFixture<ToolPackageTests.InstalledTool>
{
    /// <summary>The package installed once for the class, into a temp folder of its own.</summary>
    public sealed class InstalledTool : IDisposable
    {
        private readonly AgentEnvironment folder = new();

        public InstalledTool() => Command = Install(folder.Directory);

        public string Command { get; }

        public string ToolPath => Path.Combine(folder.Directory, "tools");

        public void Dispose() => folder.Dispose();
    }

    [Fact]
    public void The_installed_tool_finds_the_agent_home_inside_its_package_and_runs_an_app_under_it()
    {
        using var agent = new AgentEnvironment();
        string tool = installed.Command;

        // `run` hands the app the startup hook of the home inside the tool's package, not the build's.
        var environment = WithDotnetRoot(agent.Fence());
        var hook = ProcessRunner.Run(tool, new[] { "run", "--", "sh", "-c", "echo \"$DOTNET_STARTUP_HOOKS\"" }, environment);
        Assert.True(hook.ExitCode == 0, hook.ToString());
        string storePath = Path.Combine(installed.ToolPath, ".store", "dotnet-telemetry", Shipped.Version);
        Assert.StartsWith(storePath, hook.Stdout);
        Assert.EndsWith("startup-hook/DotnetTelemetry.StartupHook.dll\n", hook.Stdout);

        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, new[] { "crash" }, agent.Fence());
        var with = ProcessRunner.Run(tool, new[] { "run", "-o", "file:" + agent.EventsFile, "--",
            ProcessRunner.DotnetHost, Artifacts.ConsoleSample, "crash" }, environment);
        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        var log = agent.ReadEvents();
        SchemaCheck.AllValid(log);
        Assert.Single(log.OfType("http_request"));
        Assert.Contains(log.OfType("exception_exit"), e => e.Str("attributes", "exception.handled") == "false");
        Assert.All(log.Events, e => Assert.Equal(Shipped.Version, e.Str("resource", "telemetry_sdk_version")));

        var validate = ProcessRunner.Run(tool, new[] { "validate", agent.EventsFile }, environment);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        var ps = ProcessRunner.Run(tool, new[] { "ps" }, environment);
        Assert.True(ps.ExitCode == 0, ps.ToString());

        // `instrument` weaves with the Probes assembly of the packaged home.
        string woven = Path.Combine(agent.Directory, "woven");
        var instrument = ProcessRunner.Run(tool, new[] { "instrument", Path.GetDirectoryName(Artifacts.ConsoleSample)!, "-o", woven }, environment);
        Assert.True(instrument.ExitCode == 0, instrument.ToString());
        Assert.True(File.Exists(Path.Combine(woven, "DotnetTelemetry.Probes.dll")), instrument.ToString());
    }

    /// <summary>`attach` loads the packaged native shim into a running app started with no agent at all.</summary>
    [Fact]
    public void The_installed_tool_attaches_to_a_running_app()
    {
        using var agent = new AgentEnvironment();
        var environment = WithDotnetRoot(agent.Fence());
        using var app = ProcessRunner.Start(ProcessRunner.DotnetHost, new[] { Artifacts.Sample("LongRunningSample") }, agent.Fence(),
            redirectStdin: true); // it works until its stdin closes
        try
        {
            var started = DateTime.UtcNow;
            string? line;
            while ((line = app.StandardOutput.ReadLine()) is not null && !line.StartsWith("round 1:", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "LongRunningSample did not start its rounds");
            }
            Assert.NotNull(line);
            // The app's later output is not read here: drain it so that it never blocks on a full pipe.
            _ = app.StandardOutput.ReadToEndAsync();
            _ = app.StandardError.ReadToEndAsync();

            var attach = ProcessRunner.Run(installed.Command, new[] { "attach", app.Id.ToString(), "--duration", "3" }, environment);
            Assert.True(attach.ExitCode == 0, attach.ToString());
            Assert.Contains($"attached to {app.Id}", attach.Stderr);
            var log = EventLog.Parse(attach.Stdout.Split('\n'));
            Assert.Contains(log.Events, e => e.Str("event_type") == "function_entry" && e.Str("function_name") == "LongRunningSample.Worker.Compute");
            Assert.All(log.Events, e => Assert.Equal(Shipped.Version, e.Str("resource", "telemetry_sdk_version")));
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            app.WaitForExit();
        }
    }

    /// <summary>The tool command is an apphost: it finds the runtime through DOTNET_ROOT, set to the one running the tests.</summary>
    private static Dictionary<string, string?> WithDotnetRoot(Dictionary<string, string?> environment)
    {
        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>
        string runtime = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        return environment;
    }

    /// <summary>Installs the package into &lt;directory&gt;/tools and returns the command's path.</summary>
    private static string Install(string directory)
    {
        string source = Path.GetDirectoryName(Shipped.ToolPackage)!;
        string config = Path.Combine(directory, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="dotnet-telemetry-artifacts" value="{source}" />
              </packageSources>
            </configuration>
            """);
        var isolated = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Path.Combine(directory, "nuget-packages"),
            ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(directory, "nuget-http-cache"),
        };
        string toolPath = Path.Combine(directory, "tools");
        var install = ProcessRunner.Run(ProcessRunner.DotnetHost,
            new[] { "tool", "install", "dotnet-telemetry", "--tool-path", toolPath, "--version", Shipped.Version,
                "--configfile", config, "--add-source", source },
            isolated, TimeSpan.FromMinutes(2));
        Assert.True(install.ExitCode == 0, install.ToString());
        string tool = Path.Combine(toolPath, "dotnet-telemetry");
        Assert.True(File.Exists(tool), install.ToString());
        return tool;
    }
}
