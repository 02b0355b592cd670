using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>
/// The dotnet tool package (artifacts/nupkg/), installed the way users install it, into a tool path of the test's
/// own, from the local folder only (a nuget.config that clears every other source, and a private package cache, so
/// nothing is fetched and nothing stale is reused), then used against the console sample.
/// </summary>
public class ToolPackageTests
{
    [Fact]
    public void The_installed_tool_finds_the_agent_home_inside_its_package_and_runs_an_app_under_it()
    {
        using var agent = new AgentEnvironment();
        string tool = Install(agent.Directory);

        // `run` hands the app the startup hook of the home inside the tool's package, not the build's.
        var environment = WithDotnetRoot(agent.Fence());
        var hook = ProcessRunner.Run(tool, new[] { "run", "--", "sh", "-c", "echo \"$DOTNET_STARTUP_HOOKS\"" }, environment);
        Assert.True(hook.ExitCode == 0, hook.ToString());
        string storePath = Path.Combine(agent.Directory, "tools", ".store", "dotnet-telemetry", Shipped.Version);
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
        var attachHelp = ProcessRunner.Run(tool, new[] { "attach", "--help" }, environment);
        Assert.True(attachHelp.ExitCode == 0, attachHelp.ToString());
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
