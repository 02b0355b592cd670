using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests.Reliability;

/// <summary>
/// The README's own recipe exports <c>DOTNET_STARTUP_HOOKS</c> in the shell; the CLI started from that shell must not
/// run the agent on itself (issue 18, item 9), and <c>run</c> must still hand the hook to the app it starts.
/// </summary>
public class CliSelfInstrumentationTests
{
    private static Dictionary<string, string?> ShellWithTheHookExported(AgentEnvironment agent)
    {
        var environment = agent.Fence();
        environment["DOTNET_STARTUP_HOOKS"] = Artifacts.StartupHook;
        environment["DOTNET_TELEMETRY_OUTPUT"] = "stdout";
        return environment;
    }

    [Fact]
    public void Ps_prints_its_table_and_no_event()
    {
        using var agent = new AgentEnvironment();
        var result = ProcessRunner.RunDotnet(Artifacts.CliDll, new[] { "ps" }, ShellWithTheHookExported(agent));

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("\"schema\"", result.Stdout);
        Assert.DoesNotContain("dotnet-telemetry:", result.Stderr);
    }

    [Fact]
    public void Run_instruments_the_app_and_not_itself()
    {
        using var agent = new AgentEnvironment();
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.CliDll,
            new[] { "run", "--mode", "hook-only", "-o", "file:" + agent.EventsFile, "--", ProcessRunner.DotnetHost, Artifacts.ConsoleSample },
            ShellWithTheHookExported(agent));

        Assert.Equal(0, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        var log = agent.ReadEvents();
        Assert.Single(log.OfType("http_request"));
        // One process wrote events, the app: never the CLI.
        Assert.All(log.Events, e => Assert.Equal("ConsoleSample", e.Str("service", "name")));
    }

    /// <summary>
    /// The second guard: a CLI started with startup hooks allowed (its runtimeconfig swapped for one without
    /// <c>System.StartupHookProvider.IsSupported=false</c>) still gets no agent, because the hook knows the CLI.
    /// </summary>
    [Fact]
    public void The_hook_itself_stays_off_in_the_cli()
    {
        using var agent = new AgentEnvironment();
        string cliDirectory = Path.GetDirectoryName(Artifacts.CliDll)!;
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(cliDirectory, "dotnet-telemetry.runtimeconfig.json")))!;
        Assert.NotNull(config["runtimeOptions"]!["configProperties"]!.AsObject().Remove("System.StartupHookProvider.IsSupported") ? config : null);
        string hooksAllowed = Path.Combine(agent.Directory, "hooks-allowed.runtimeconfig.json");
        File.WriteAllText(hooksAllowed, config.ToJsonString());

        var result = ProcessRunner.Run(ProcessRunner.DotnetHost,
            new[] { "exec", "--runtimeconfig", hooksAllowed, "--depsfile", Path.Combine(cliDirectory, "dotnet-telemetry.deps.json"), Artifacts.CliDll, "ps" },
            ShellWithTheHookExported(agent));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("\"schema\"", result.Stdout);
    }
}
