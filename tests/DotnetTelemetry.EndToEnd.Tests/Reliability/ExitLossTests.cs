using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests.Reliability;

/// <summary>What the exit flush cannot write in its budget is lost, but never silently (issue 18, item 1).</summary>
public class ExitLossTests
{
    [Fact]
    public void Events_left_at_exit_are_counted_on_stderr()
    {
        using var agent = new AgentEnvironment();
        // A FIFO nobody reads: opening it for writing blocks the agent's writer for good, so everything is left at exit.
        string fifo = Path.Combine(agent.Directory, "blocked.fifo");
        Assert.Equal(0, ProcessRunner.Run("mkfifo", new[] { fifo }).ExitCode);

        var with = ProcessRunner.RunDotnet(Artifacts.HostileApp, new[] { "throw-many", "500" },
            agent.WithAgent(("DOTNET_TELEMETRY_OUTPUT", "file:" + fifo), ("DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS", "300")),
            timeout: TimeSpan.FromSeconds(45));

        Assert.False(with.TimedOut, with.ToString());
        Assert.Equal(0, with.ExitCode);
        Assert.Equal("threw 500\n", with.Stdout);
        var line = Assert.Single(with.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var match = System.Text.RegularExpressions.Regex.Match(line,
            @"^dotnet-telemetry: the exit flush ran out of time \(DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS=300\): at least (\d+) events were not written \(an output is blocked or too slow\)$");
        Assert.True(match.Success, line);
        // 500 throws are 1000 exception events, plus the status events: all of them were left behind the blocked output.
        Assert.InRange(long.Parse(match.Groups[1].Value), 1000, 1100);
    }
}
