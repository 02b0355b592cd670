using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>The console sample under the real startup hook from artifacts/dotnet-telemetry/.</summary>
public class ConsoleSampleTests
{
    private static (ProcessResult Without, ProcessResult With, EventLog Events) RunBoth(AgentEnvironment agent, params string[] arguments)
    {
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, arguments, agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, arguments, agent.WithAgent());
        Assert.False(without.TimedOut, without.ToString());
        Assert.False(with.TimedOut, with.ToString());
        return (without, with, agent.ReadEvents());
    }

    [Fact]
    public void The_app_behaves_the_same_and_the_events_describe_it()
    {
        using var agent = new AgentEnvironment();
        var (without, with, log) = RunBoth(agent);

        Assert.Equal(0, without.ExitCode);
        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        Assert.Equal("", with.Stderr);
        Assert.Contains("ConsoleSample done", with.Stdout);

        EventAssertions.AllWellFormed(log);
        SchemaCheck.AllValid(log);

        // Resource blocks: detected once, the same on every event.
        var first = log.Events[0];
        Assert.Equal("ConsoleSample", first.Str("service", "name"));
        Assert.NotNull(first.Str("service", "version"));
        Assert.Equal(".NET", first.Str("resource", "runtime_name"));
        Assert.Equal("linux", first.Str("resource", "os_type"));
        Assert.NotNull(first.Str("resource", "telemetry_sdk_version"));
        Assert.Equal(Environment.MachineName, first.Str("host", "name"));
        Assert.NotNull(first.Str("process", "pid"));
        Assert.Contains("ConsoleSample.dll", first.Str("process", "command_line"));
        Assert.False(first.Has("cloud"), "cloud detection is fenced off in tests");
        Assert.False(first.Has("k8s") || first.Has("kubernetes"), "no Kubernetes evidence in tests");
        Assert.All(log.Events, e => Assert.Equal(first.Str("process", "pid"), e.Str("process", "pid")));

        // The HttpClient call to the sample's loopback server: request and response, query redacted.
        var request = Assert.Single(log.OfType("http_request"));
        var response = Assert.Single(log.OfType("http_response"));
        Assert.Equal("GET", request.Str("http", "request", "method"));
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/hello\?token=REDACTED$", request.Str("http", "request", "url"));
        Assert.DoesNotContain("secret", string.Join('\n', log.Lines));
        Assert.Equal("client", request.Str("http", "request", "kind"));
        Assert.Equal("200", response.Str("http", "response", "status_code"));
        Assert.Equal("5", response.Str("http", "response", "body_bytes"));
        Assert.Equal("text/plain", response.Str("http", "response", "content_type"));
        Assert.NotNull(response.Str("duration_ms"));
        Assert.Equal(request.Str("trace_id"), response.Str("trace_id"));
        Assert.Equal(request.Str("span_id"), response.Str("span_id"));

        // The caught ArgumentOutOfRangeException: thrown, then caught, with type, message and stack.
        var thrown = Assert.Single(log.OfType("exception_entry"), e => e.Str("error", "type") == "System.ArgumentOutOfRangeException");
        Assert.StartsWith("quantity must not be negative", thrown.Str("error", "message"));
        Assert.Contains("ConsoleSample.OrderService.Validate", thrown.Str("error", "stacktrace"));
        var caught = Assert.Single(log.OfType("exception_exit"), e => e.Str("error", "type") == "System.ArgumentOutOfRangeException");
        Assert.Equal("true", caught.Str("attributes", "exception.handled"));
        Assert.Equal(thrown.Str("span_id"), caught.Str("span_id"));

        // The async failure: thrown inside the state machine and seen again at the await.
        Assert.Contains(log.OfType("exception_entry"), e => e.Str("error", "message") == "failed after an await");

        // The agent's own status at exit.
        var status = log.OfType("agent_status").Last();
        Assert.Equal("0", status.Str("attributes", "ring.dropped"));
    }

    [Fact]
    public void An_unhandled_crash_keeps_its_exit_code_and_output_and_is_reported()
    {
        using var agent = new AgentEnvironment();
        var (without, with, log) = RunBoth(agent, "crash");

        Assert.NotEqual(0, without.ExitCode);
        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        Assert.Contains("unhandled on purpose", with.Stderr);

        EventAssertions.AllWellFormed(log);
        SchemaCheck.AllValid(log);
        // Thrown in the async Main's state machine (caught there by the Task), then rethrown by the host: unhandled.
        var unhandled = Assert.Single(log.OfType("exception_exit"),
            e => e.Str("error", "message") == "unhandled on purpose" && e.Str("attributes", "exception.handled") == "false");
        Assert.Equal("System.InvalidOperationException", unhandled.Str("error", "type"));
        Assert.Equal("unhandled", unhandled.Str("attributes", "exception.end_detected_by"));
        Assert.Equal("ERROR", unhandled.Str("severity"));
        Assert.Contains("ConsoleSample.Crasher.Crash", unhandled.Str("error", "stacktrace"));
        Assert.Contains(log.OfType("exception_entry"), e => e.Str("error", "message") == "unhandled on purpose");
    }

    [Fact]
    public void Events_on_stdout_leave_the_apps_own_lines_intact()
    {
        using var agent = new AgentEnvironment();
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent(("DOTNET_TELEMETRY_OUTPUT", "stdout")));

        Assert.Equal(without.ExitCode, with.ExitCode);
        var lines = with.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var appLines = lines.Where(l => !l.StartsWith('{')).ToArray();
        var eventLines = lines.Where(l => l.StartsWith('{')).ToArray();
        Assert.Equal(without.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), appLines);
        var log = EventLog.Parse(eventLines);
        EventAssertions.AllWellFormed(log);
        Assert.Single(log.OfType("http_request"));
    }

    [Fact]
    public void Switched_off_agent_writes_nothing()
    {
        using var agent = new AgentEnvironment();
        var result = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent(("DOTNET_TELEMETRY_ENABLED", "false")));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.False(File.Exists(agent.EventsFile));
    }
}
