using System.Diagnostics;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary><c>dotnet-telemetry run</c> from artifacts/dotnet-telemetry/cli, on real child processes.</summary>
public class RunCommandTests
{
    private static ProcessResult Cli(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null)
        => ProcessRunner.RunDotnet(Artifacts.CliDll, arguments, environment, stdin: stdin);

    [Fact]
    public void Runs_a_dotnet_app_under_the_agent_with_its_output_and_exit_code()
    {
        using var agent = new AgentEnvironment();
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, new[] { "crash" }, agent.Fence());
        var with = Cli(new[] { "run", "-o", "file:" + agent.EventsFile, "--service-name", "console-under-run", "--",
            ProcessRunner.DotnetHost, Artifacts.ConsoleSample, "crash" }, agent.Fence());

        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        var log = agent.ReadEvents();
        EventAssertions.AllWellFormed(log);
        Assert.All(log.Events, e => Assert.Equal("console-under-run", e.Str("service", "name")));
        Assert.Single(log.OfType("http_request"));
        Assert.Contains(log.OfType("exception_exit"), e => e.Str("attributes", "exception.handled") == "false");
    }

    [Fact]
    public void Forwards_stdin_stdout_and_the_exit_code()
    {
        var result = Cli(new[] { "run", "--", "sh", "-c", "read line; echo \"got:$line\"; echo oops >&2; exit 7" }, stdin: "hello\n");
        Assert.Equal(7, result.ExitCode);
        Assert.Equal("got:hello\n", result.Stdout);
        Assert.Equal("oops\n", result.Stderr);
    }

    /// <summary>
    /// An existing DOTNET_STARTUP_HOOKS also applies to the CLI process itself, so the "other" hook must be real and
    /// harmless: a copy of ours at another path, switched off for the CLI (the sh child ignores hooks anyway).
    /// </summary>
    [Fact]
    public void Sets_the_agent_environment_and_appends_to_existing_startup_hooks()
    {
        using var agent = new AgentEnvironment();
        string otherHook = Path.Combine(agent.Directory, "other", "DotnetTelemetry.StartupHook.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(otherHook)!);
        File.Copy(Artifacts.StartupHook, otherHook);
        var environment = new Dictionary<string, string?> { ["DOTNET_STARTUP_HOOKS"] = otherHook, ["DOTNET_TELEMETRY_ENABLED"] = "false" };
        var result = Cli(new[] { "run", "-o", "stderr", "--format", "ecs", "--include", "Shop.*", "--include", "Lib.A*;Lib.B*",
            "--exclude", "*.get_*", "--", "sh", "-c",
            "echo \"$DOTNET_STARTUP_HOOKS|$DOTNET_TELEMETRY_OUTPUT|$DOTNET_TELEMETRY_FORMAT|$DOTNET_TELEMETRY_INCLUDE|$DOTNET_TELEMETRY_EXCLUDE|${OTEL_SERVICE_NAME:-unset}\"" },
            environment);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal($"{otherHook}:{Artifacts.StartupHook}|stderr|ecs|Shop.*;Lib.A*;Lib.B*|*.get_*|unset\n", result.Stdout);
    }

    [Fact]
    public void Does_not_add_the_hook_twice()
    {
        var environment = new Dictionary<string, string?> { ["DOTNET_STARTUP_HOOKS"] = Artifacts.StartupHook, ["DOTNET_TELEMETRY_ENABLED"] = "false" };
        var result = Cli(new[] { "run", "--", "sh", "-c", "echo \"$DOTNET_STARTUP_HOOKS\"" }, environment);
        Assert.Equal(Artifacts.StartupHook + "\n", result.Stdout);
    }

    [Fact]
    public void Forwards_sigterm_to_the_child()
    {
        using var process = ProcessRunner.Start(ProcessRunner.DotnetHost, new[] { Artifacts.CliDll, "run", "--", "sh", "-c",
            "trap 'echo terminated; exit 3' TERM; echo ready; while true; do sleep 0.05; done" });
        try
        {
            Assert.Equal("ready", ReadLine(process));
            ProcessRunner.Signal(process, ProcessRunner.SIGTERM);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)), "the CLI did not end after SIGTERM");
            Assert.Equal("terminated", ReadLine(process));
            Assert.Equal(3, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>One line of the process's stdout, or a failure after 20 s (never a hung test run).</summary>
    private static string? ReadLine(Process process)
    {
        var line = process.StandardOutput.ReadLineAsync();
        Assert.True(line.Wait(TimeSpan.FromSeconds(20)), "no line from the process within 20 s");
        return line.Result;
    }

    [Fact]
    public void A_missing_program_is_a_clear_error()
    {
        var result = Cli(new[] { "run", "--", "/nonexistent/program" });
        Assert.Equal(127, result.ExitCode);
        Assert.StartsWith("dotnet-telemetry run: cannot start '/nonexistent/program'", result.Stderr);
    }
}
