using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>The startup hook's contract: load contexts, one run per process, flush on Environment.Exit.</summary>
public class StartupHookTests
{
    private static Dictionary<string, string> Report(ProcessResult result) => result.StdoutReport();

    [Fact]
    public void Probes_live_once_in_the_default_context_and_the_agent_in_its_own()
    {
        using var agent = new AgentEnvironment();
        var result = ProcessRunner.RunDotnet(Artifacts.LoadContextApp, Array.Empty<string>(), agent.WithAgent());
        var report = Report(result);

        Assert.Equal("1", report["probes.count"]);
        Assert.Equal("Default", report["probes.contexts"]);
        Assert.Equal("same", report["probes.by_name"]);          // woven code binding by name gets that very copy
        Assert.Equal("dotnet-telemetry agent", report["agent.contexts"]);
        Assert.Equal("dotnet-telemetry agent", report["schema.contexts"]); // the agent's dependencies stay out of the default context
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Without_the_agent_nothing_is_loaded()
    {
        using var agent = new AgentEnvironment();
        var report = Report(ProcessRunner.RunDotnet(Artifacts.LoadContextApp, Array.Empty<string>(), agent.Fence()));
        Assert.Equal("0", report["probes.count"]);
        Assert.Equal("missing", report["probes.by_name"]);
    }

    [Fact]
    public void Environment_exit_keeps_its_exit_code_and_the_events_are_flushed()
    {
        using var agent = new AgentEnvironment();
        var result = ProcessRunner.RunDotnet(Artifacts.LoadContextApp, Array.Empty<string>(), agent.WithAgent());

        Assert.Equal(3, result.ExitCode);
        var log = agent.ReadEvents();
        EventAssertions.AllWellFormed(log);
        SchemaCheck.AllValid(log);
        Assert.Contains(log.OfType("exception_entry"), e => e.Str("error", "message") == "thrown before Environment.Exit");
        Assert.Contains(log.OfType("exception_exit"), e => e.Str("error", "message") == "thrown before Environment.Exit");
        Assert.Single(log.OfType("agent_status"));
    }

    [Fact]
    public void The_hook_named_twice_runs_once()
    {
        using var agent = new AgentEnvironment();
        // The same hook twice, and a copy at another path (a second assembly instance): the agent starts once.
        string copy = Path.Combine(agent.Directory, "copy", "startup-hook", "DotnetTelemetry.StartupHook.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(Artifacts.StartupHook, copy);
        string hooks = string.Join(Path.PathSeparator, Artifacts.StartupHook, copy, Artifacts.StartupHook);
        var result = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(),
            agent.WithAgent(("DOTNET_STARTUP_HOOKS", hooks), ("DOTNET_TELEMETRY_HOME", Artifacts.AgentHome)));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var log = agent.ReadEvents();
        Assert.Single(log.OfType("http_request"));
        Assert.Single(log.OfType("agent_status"));
        Assert.Single(log.Events.Select(e => e.Str("service", "instance_id")).Distinct());
    }

    [Fact]
    public void A_missing_agent_folder_is_one_line_and_the_app_runs_on()
    {
        using var agent = new AgentEnvironment();
        // A hook copied away from its agent home: it cannot find agent/ next to it.
        string lonely = Path.Combine(agent.Directory, "lonely", "startup-hook", "DotnetTelemetry.StartupHook.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(lonely)!);
        File.Copy(Artifacts.StartupHook, lonely);
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent(("DOTNET_STARTUP_HOOKS", lonely)));

        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        var line = Assert.Single(with.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dotnet-telemetry: disabled: agent not found in ", line);
    }

    [Fact]
    public void An_app_that_ships_its_own_probes_keeps_one_copy_and_its_calls_become_function_events()
    {
        using var agent = new AgentEnvironment();
        var result = ProcessRunner.RunDotnet(Artifacts.ShipsProbesApp, Array.Empty<string>(), agent.WithAgent());
        var report = Report(result);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal("1", report["probes.count"]);
        Assert.Equal("Default", report["probes.contexts"]);
        Assert.Equal("True", report["probes.from_app"]);
        Assert.Equal("True", report["probes.recording"]);

        var log = agent.ReadEvents();
        SchemaCheck.AllValid(log);
        // Its own probe calls (the hook's load-time weaving adds Program.Main around them).
        var entry = Assert.Single(log.OfType("function_entry"), e => e.Str("function_name") == "ShipsProbesApp.Work()");
        var exit = Assert.Single(log.OfType("function_exit"), e => e.Str("span_id") == entry.Str("span_id"));
        Assert.Equal("Program.cs", entry.Str("attributes", "code.file.path"));
        Assert.Equal("7", entry.Str("attributes", "code.line.number"));
        Assert.Equal(entry.Str("span_id"), exit.Str("span_id"));
        Assert.True(double.Parse(exit.Str("duration_ms")!, System.Globalization.CultureInfo.InvariantCulture) >= 1.0);
    }

    [Fact]
    public void Sigterm_on_a_console_app_keeps_its_exit_code_and_flushes_first()
    {
        using var agent = new AgentEnvironment();
        int without = RunUntilSigterm(agent.Fence());
        int with = RunUntilSigterm(agent.WithAgent());

        Assert.Equal(without, with);
        var log = agent.ReadEvents();
        SchemaCheck.AllValid(log);
        Assert.Contains(log.OfType("exception_entry"), e => e.Str("error", "message") == "thrown before Environment.Exit");
        // No ProcessExit on SIGTERM for a plain console app: this status event comes from the agent's signal flush.
        Assert.Single(log.OfType("agent_status"));
    }

    private static int RunUntilSigterm(IReadOnlyDictionary<string, string?> environment)
    {
        using var process = ProcessRunner.Start(ProcessRunner.DotnetHost, new[] { Artifacts.LoadContextApp, "wait" }, environment);
        try
        {
            var ready = Task.Run(() =>
            {
                while (process.StandardOutput.ReadLine() is { } line)
                {
                    if (line == "ready")
                    {
                        return true;
                    }
                }
                return false;
            });
            Assert.True(ready.Wait(TimeSpan.FromSeconds(30)) && ready.Result, "the app never said ready");
            ProcessRunner.Signal(process, ProcessRunner.SIGTERM);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)), "the app did not end on SIGTERM");
            return process.ExitCode;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
