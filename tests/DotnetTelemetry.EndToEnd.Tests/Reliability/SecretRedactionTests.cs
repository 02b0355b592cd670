using DotnetTelemetry.EndToEnd.Tests.Infrastructure;
using DotnetTelemetry.Otlp.Tests.Support;

namespace DotnetTelemetry.EndToEnd.Tests.Reliability;

/// <summary>
/// Secrets never leave the process through the agent (issue 18, item 8): not in its stderr lines, not in
/// <c>process.command_line</c>, not in exception messages (by default), whichever way in.
/// </summary>
public class SecretRedactionTests
{
    private const string ConnectionString = "Server=db;User Id=app;Password=DbPassw0rd!;Encrypt=true";

    /// <summary>The secrets of the command line below, each of which must be absent from every event.</summary>
    private static readonly string[] CommandLineSecrets = { "DbPassw0rd!", "QS-SECRET-1", "TOKEN-2", "REDIS-PW-3", "BEARER-4", "PW-5", "PW-6", "URLPW-7" };

    private static string[] HostileArguments => new[]
    {
        "throw", ConnectionString, "https://files.example/x?secret=QS-SECRET-1&token=TOKEN-2&page=2", "redis://:REDIS-PW-3@cache:6379",
        "Bearer", "BEARER-4", "--password", "PW-5", "--password=PW-6", "amqp://app:URLPW-7@mq/vhost",
    };

    [Fact]
    public void The_OTLP_endpoint_password_is_never_printed()
    {
        using var agent = new AgentEnvironment();
        string endpoint = FakeOtlpReceiver.DeadUrl().Replace("http://", "http://user:SECRETPW@");
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent(
            ("DOTNET_TELEMETRY_OUTPUT", "otlp"), ("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint),
            ("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "ftp://user:SECRETPW2@host/logs"),
            ("OTEL_BSP_SCHEDULE_DELAY", "100"), ("OTEL_EXPORTER_OTLP_TIMEOUT", "500")));

        Assert.Equal(0, with.ExitCode);
        Assert.Contains("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=\"ftp://user:REDACTED@host/logs\"", with.Stderr);
        Assert.Contains("cannot reach http://user:REDACTED@127.0.0.1:", with.Stderr);
        Assert.DoesNotContain("SECRETPW", with.Stderr);
    }

    [Fact]
    public void Command_line_secrets_and_exception_message_secrets_are_redacted_under_run()
    {
        using var agent = new AgentEnvironment();
        var without = ProcessRunner.RunDotnet(Artifacts.HostileApp, HostileArguments, agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.CliDll,
            new[] { "run", "--mode", "hook-only", "-o", "file:" + agent.EventsFile, "--", ProcessRunner.DotnetHost, Artifacts.HostileApp }.Concat(HostileArguments),
            agent.Fence());

        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        Assert.Equal("", with.Stderr);
        string raw = File.ReadAllText(agent.EventsFile);
        Assert.All(CommandLineSecrets, secret => Assert.DoesNotContain(secret, raw));

        var log = agent.ReadEvents();
        Assert.Equal(
            "HostileApp.dll throw \"Server=db;User Id=app;Password=REDACTED;Encrypt=true\" https://files.example/x?secret=REDACTED&token=REDACTED&page=2 " +
            "redis://:REDACTED@cache:6379 Bearer REDACTED --password REDACTED --password=REDACTED amqp://app:REDACTED@mq/vhost",
            TailFrom("HostileApp.dll", log.Events[0].Str("process", "command_line")!));
        var thrown = Assert.Single(log.OfType("exception_entry"));
        Assert.Equal("Server=db;User Id=app;Password=REDACTED;Encrypt=true", thrown.Str("error", "message"));
    }

    [Theory]
    [InlineData("none", ConnectionString)]
    [InlineData("all", "REDACTED")]
    [InlineData("secrets", "Server=db;User Id=app;Password=REDACTED;Encrypt=true")]
    public void The_exception_message_switch_chooses_what_is_masked(string setting, string expected)
    {
        using var agent = new AgentEnvironment();
        var with = ProcessRunner.RunDotnet(Artifacts.HostileApp, new[] { "throw", ConnectionString },
            agent.WithAgent(("DOTNET_TELEMETRY_REDACT_EXCEPTION_MESSAGES", setting)));

        Assert.Equal(0, with.ExitCode);
        Assert.Equal("", with.Stderr);
        var thrown = Assert.Single(agent.ReadEvents().OfType("exception_entry"));
        Assert.Equal(expected, thrown.Str("error", "message"));
        Assert.Equal("System.InvalidOperationException", thrown.Str("error", "type"));
    }

    private static string TailFrom(string marker, string text)
    {
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, text);
        return text[at..];
    }
}
