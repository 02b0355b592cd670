using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>Bad configuration and broken outputs cost telemetry, never the app's behaviour.</summary>
public class ConfigAndSinkFailureTests
{
    [Fact]
    public void A_bad_value_prints_one_line_and_the_app_runs_unaffected()
    {
        using var agent = new AgentEnvironment();
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent(("DOTNET_TELEMETRY_RING_SIZE", "abc")));

        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        Assert.Equal("dotnet-telemetry: disabled: DOTNET_TELEMETRY_RING_SIZE='abc' is not a power of two between 1024 and 16777216\n", with.Stderr);
        Assert.False(File.Exists(agent.EventsFile));
    }

    [Fact]
    public void A_bad_value_in_a_crashing_app_keeps_the_crash_as_it_was()
    {
        using var agent = new AgentEnvironment();
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, new[] { "crash" }, agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, new[] { "crash" }, agent.WithAgent(("DOTNET_TELEMETRY_OUTPUT", "kafka")));

        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        var stderrLines = with.Stderr.Split('\n');
        Assert.Equal("dotnet-telemetry: disabled: DOTNET_TELEMETRY_OUTPUT='kafka' has unknown output 'kafka' (expected stdout, stderr, file:<path>, otlp or none, comma-separated)", stderrLines[0]);
        Assert.Single(stderrLines, l => l.StartsWith("dotnet-telemetry:"));
    }

    [Fact]
    public void An_unwritable_output_path_leaves_the_app_unaffected()
    {
        using var agent = new AgentEnvironment();
        string blocker = Path.Combine(agent.Directory, "a-file");
        File.WriteAllText(blocker, "not a directory");
        string unwritable = Path.Combine(blocker, "events.ndjson");

        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent(("DOTNET_TELEMETRY_OUTPUT", "file:" + unwritable)));

        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        var line = Assert.Single(with.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"dotnet-telemetry: output file:{unwritable} failed", line);
    }

    [Fact]
    public void One_failing_output_does_not_stop_the_others()
    {
        using var agent = new AgentEnvironment();
        string blocker = Path.Combine(agent.Directory, "a-file");
        File.WriteAllText(blocker, "x");
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(),
            agent.WithAgent(("DOTNET_TELEMETRY_OUTPUT", $"file:{Path.Combine(blocker, "e.ndjson")},file:{agent.EventsFile}")));

        Assert.Equal(0, with.ExitCode);
        var log = agent.ReadEvents();
        EventAssertions.AllWellFormed(log);
        Assert.Single(log.OfType("http_request"));
        // The status event at exit tells of the broken one.
        var status = log.OfType("agent_status").Last();
        Assert.NotEqual("0", status.Str("attributes", "sink.file.failures"));
        Assert.Equal("0", status.Str("attributes", "sink.file.exported"));
        Assert.NotEqual("0", status.Str("attributes", "sink.file_2.exported"));
        Assert.Equal("0", status.Str("attributes", "sink.file_2.failures"));
    }

    [Fact]
    public void An_output_that_blocks_forever_delays_the_exit_by_the_flush_bound_at_most()
    {
        using var agent = new AgentEnvironment();
        // A FIFO nobody reads: opening it for writing blocks the agent's writer thread for good.
        string fifo = Path.Combine(agent.Directory, "blocked.fifo");
        var mkfifo = ProcessRunner.Run("mkfifo", new[] { fifo });
        Assert.Equal(0, mkfifo.ExitCode);

        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(),
            agent.WithAgent(("DOTNET_TELEMETRY_OUTPUT", "file:" + fifo), ("DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS", "500")),
            timeout: TimeSpan.FromSeconds(45));
        watch.Stop();

        Assert.False(with.TimedOut, $"the app hung behind a blocked output ({watch.Elapsed})");
        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
    }
}
