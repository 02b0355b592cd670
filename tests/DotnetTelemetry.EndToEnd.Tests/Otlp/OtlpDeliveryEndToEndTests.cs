using System.Diagnostics;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;
using DotnetTelemetry.Otlp.Tests.Support;
using static DotnetTelemetry.EndToEnd.Tests.Otlp.Otlp;

namespace DotnetTelemetry.EndToEnd.Tests.Otlp;

/// <summary>
/// The console sample exporting OTLP to the real receiver and to failing ones: whatever the receiver does,
/// the app's own output and exit code stay what they are without the agent.
/// </summary>
public class OtlpDeliveryEndToEndTests
{
    private static ProcessResult RunWithout(AgentEnvironment agent) =>
        ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence());

    private static ProcessResult RunWith(AgentEnvironment agent, params (string, string?)[] variables) =>
        ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent(variables));

    [Fact]
    public void Console_sample_exports_its_HTTP_call_and_exceptions_to_mockotlpserver()
    {
        using var receiver = CollectingOtlpReceiver.Start();
        using var agent = new AgentEnvironment();
        var without = RunWithout(agent);
        // A generous exit budget: this test is about what arrives, not about how fast a loaded machine sends it.
        var with = RunWith(agent, ("DOTNET_TELEMETRY_OUTPUT", "otlp"), ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Url),
            ("DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS", "15000"));

        Assert.Equal(0, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        Assert.Equal("", with.Stderr);

        // The client span among the app's function spans (the hook weaves it).
        const string validateName = "ConsoleSample.OrderService.Validate";
        receiver.CollectUntil(r => r.Spans.Any(s => Str(s["kind"]) == "SPAN_KIND_CLIENT") && r.Spans.Any(s => Str(s["name"]) == validateName),
            TimeSpan.FromSeconds(30));
        var client = Assert.Single(receiver.Spans, s => Str(s["kind"]) == "SPAN_KIND_CLIENT");
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/hello\?token=REDACTED$", Attr(client, "url.full"));
        Assert.Equal("200", Attr(client, "http.response.status_code"));
        Assert.Equal("5", Attr(client, "http.response.body.size"));
        Assert.DoesNotContain(receiver.Raw, r => r.Contains("secret"));

        // The caught exception was thrown inside the woven OrderService.Validate: an "exception" event of that span.
        var validate = Assert.Single(receiver.Spans, s => Str(s["name"]) == validateName);
        var thrown = Assert.Single(validate["events"]!.AsArray(), e => Str(e!["name"]) == "exception")!.AsObject();
        Assert.Equal("System.ArgumentOutOfRangeException", Attr(thrown, "exception.type"));
        Assert.StartsWith("quantity must not be negative", Attr(thrown, "exception.message"));
        Assert.Contains(validateName, Attr(thrown, "exception.stacktrace"));
        Assert.Equal("ConsoleSample", Str(receiver.Resources[0]["service.name"]));
    }

    [Fact]
    public void A_dead_receiver_changes_nothing_for_the_app_and_exit_stays_bounded()
    {
        using var agent = new AgentEnvironment();
        var without = RunWithout(agent);
        var clock = Stopwatch.StartNew();
        var with = RunWith(agent, ("DOTNET_TELEMETRY_OUTPUT", "otlp"), ("OTEL_EXPORTER_OTLP_ENDPOINT", FakeOtlpReceiver.DeadUrl()));

        Assert.False(with.TimedOut, with.ToString());
        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        Assert.All(with.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("dotnet-telemetry:", line));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the run took {clock.Elapsed}");
    }

    [Fact]
    public void Status_503_with_Retry_After_is_retried_and_the_same_batch_delivered()
    {
        using var receiver = new FakeOtlpReceiver(n => n == 1 ? new FakeAnswer(503, RetryAfter: "1") : new FakeAnswer(200));
        using var agent = new AgentEnvironment();
        var without = RunWithout(agent);
        var with = RunWith(agent, ("DOTNET_TELEMETRY_OUTPUT", "otlp"), ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Url),
            ("DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS", "15000"));

        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        var traces = receiver.Requests.Where(r => r.Path == "/v1/traces").ToList();
        Assert.True(traces.Count >= 2, $"trace requests: {traces.Count}; all: {string.Join(", ", receiver.Requests.Select(r => r.Path))}");
        Assert.Equal(traces[0].Body, traces[1].Body);
        Assert.True(traces[1].ReceivedUtc - traces[0].ReceivedUtc >= TimeSpan.FromMilliseconds(900));
    }

    [Theory]
    [InlineData(400, 0, 10000)]   // a timeout is retried (rightly): a long one keeps "400 is not retried" checkable on a loaded machine
    [InlineData(200, 5000, 500)]
    public void Rejecting_or_slow_receivers_change_nothing_for_the_app(int status, int delayMs, int timeoutMs)
    {
        using var receiver = new FakeOtlpReceiver(_ => new FakeAnswer(status, Delay: TimeSpan.FromMilliseconds(delayMs)));
        using var agent = new AgentEnvironment();
        var without = RunWithout(agent);
        var with = RunWith(agent, ("DOTNET_TELEMETRY_OUTPUT", "otlp"), ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Url),
            ("OTEL_EXPORTER_OTLP_TIMEOUT", timeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.False(with.TimedOut, with.ToString());
        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        Assert.NotEmpty(receiver.Requests);
        if (status == 400)
        {
            // Not retried: one request per batch, each batch different.
            var bodies = receiver.Requests.Select(r => Convert.ToBase64String(r.Body)).ToList();
            Assert.Equal(bodies.Count, bodies.Distinct().Count());
        }
    }
}
