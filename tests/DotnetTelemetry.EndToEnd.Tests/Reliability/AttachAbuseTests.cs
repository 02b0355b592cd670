using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests.Reliability;

/// <summary><c>attach</c> used wrongly (issue 18, item 10): bad usage is exit code 2, nothing hangs, and a refusal says the real reason.</summary>
public class AttachAbuseTests
{
    [Theory]
    [InlineData("attach abc")]
    [InlineData("attach 12 --no-such-option")]
    [InlineData("instrument")]
    public void Bad_usage_exits_with_2(string commandLine)
    {
        using var agent = new AgentEnvironment();
        var result = ProcessRunner.RunDotnet(Artifacts.CliDll, commandLine.Split(' '), agent.Fence());

        Assert.Equal(2, result.ExitCode);
        Assert.NotEqual("", result.Stderr);
    }

    [Fact]
    public void Attach_to_its_own_pid_refuses_at_once()
    {
        using var agent = new AgentEnvironment();
        // `exec` keeps the shell's pid, so $$ is the CLI's own.
        var result = ProcessRunner.Run("sh", new[] { "-c", "exec \"$0\" \"$1\" attach $$", ProcessRunner.DotnetHost, Artifacts.CliDll },
            agent.Fence(), timeout: TimeSpan.FromSeconds(20));

        Assert.False(result.TimedOut, result.ToString());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is this dotnet-telemetry CLI itself", result.Stderr);
    }

    [Fact]
    public void Attach_to_an_app_with_diagnostics_switched_off_says_so()
    {
        using var agent = new AgentEnvironment();
        var environment = agent.Fence();
        environment["DOTNET_EnableDiagnostics"] = "0";
        using var app = ProcessRunner.Start(ProcessRunner.DotnetHost, new[] { Artifacts.Sample("LongRunningSample"), "60" }, environment, redirectStdin: true);
        try
        {
            Assert.Equal("LongRunningSample ready", app.StandardOutput.ReadLine());
            var result = ProcessRunner.RunDotnet(Artifacts.CliDll,
                new[] { "attach", app.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "2" }, agent.Fence(), timeout: TimeSpan.FromSeconds(60));

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("diagnostics switched off (DOTNET_EnableDiagnostics=0 in its environment)", result.Stderr);
            Assert.DoesNotContain("TMPDIR", result.Stderr);
            Assert.False(app.HasExited);
        }
        finally
        {
            if (!app.HasExited) app.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void Attach_to_an_app_already_under_the_agent_says_where_its_events_go()
    {
        using var agent = new AgentEnvironment();
        using var app = ProcessRunner.Start(ProcessRunner.DotnetHost, new[] { Artifacts.Sample("LongRunningSample"), "60" }, agent.WithAgent(), redirectStdin: true);
        try
        {
            Assert.Equal("LongRunningSample ready", app.StandardOutput.ReadLine());
            var result = ProcessRunner.RunDotnet(Artifacts.CliDll,
                new[] { "attach", app.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "2" }, agent.Fence(), timeout: TimeSpan.FromSeconds(60));

            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"already runs the agent, started with it (DOTNET_STARTUP_HOOKS): its events go to its own outputs (file:{agent.EventsFile})", result.Stderr);
            Assert.False(app.HasExited);
        }
        finally
        {
            if (!app.HasExited) app.Kill(entireProcessTree: true);
        }
    }
}
