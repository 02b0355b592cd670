using DotnetTelemetry.EndToEnd.Tests.Infrastructure;
using DotnetTelemetry.Otlp.Tests.Support;

namespace DotnetTelemetry.EndToEnd.Tests.Reliability;

/// <summary>
/// Hostile OTLP header settings (issue 18, item 2): a value can never add a header line or replace what the exporter
/// owns; each bad header costs one stderr line at start-up and the good ones still go out with every export.
/// </summary>
public class OtlpHeaderInjectionTests
{
    [Fact]
    public void Bad_headers_are_refused_at_startup_one_line_each_and_the_rest_is_sent()
    {
        using var receiver = new FakeOtlpReceiver(_ => new FakeAnswer(200));
        using var agent = new AgentEnvironment();
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent(
            ("DOTNET_TELEMETRY_OUTPUT", "otlp"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Url),
            ("DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS", "15000"),
            ("OTEL_EXPORTER_OTLP_HEADERS",
                "k=%0d%0aInjected2:%20y,raw=a\r\nInjected3: z,Host=evil.example,Content-Length=5,Transfer-Encoding=chunked,bad=%C3%BC,x-ok=fine"),
            ("OTEL_EXPORTER_OTLP_LOGS_HEADERS", "x-logs=only-logs,content-type=text/plain")));

        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        var lines = with.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(new[]
        {
            "dotnet-telemetry: OTEL_EXPORTER_OTLP_HEADERS: header \"k\" has a line break in its value; not sent.",
            "dotnet-telemetry: OTEL_EXPORTER_OTLP_HEADERS: header \"raw\" has a line break in its value; not sent.",
            "dotnet-telemetry: OTEL_EXPORTER_OTLP_HEADERS: header \"Host\" is set by the exporter and cannot be configured; not sent.",
            "dotnet-telemetry: OTEL_EXPORTER_OTLP_HEADERS: header \"Content-Length\" is set by the exporter and cannot be configured; not sent.",
            "dotnet-telemetry: OTEL_EXPORTER_OTLP_HEADERS: header \"Transfer-Encoding\" is set by the exporter and cannot be configured; not sent.",
            "dotnet-telemetry: OTEL_EXPORTER_OTLP_HEADERS: header \"bad\" has a control or non-ASCII character in its value; not sent.",
            "dotnet-telemetry: OTEL_EXPORTER_OTLP_LOGS_HEADERS: header \"content-type\" is set by the exporter and cannot be configured; not sent.",
        }, lines);

        var traces = receiver.Requests.Where(r => r.Path == "/v1/traces").ToList();
        var logs = receiver.Requests.Where(r => r.Path == "/v1/logs").ToList();
        Assert.NotEmpty(traces);
        Assert.NotEmpty(logs);
        foreach (var request in receiver.Requests)
        {
            Assert.DoesNotContain(request.Headers.Keys, k => k.StartsWith("Injected", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(new Uri(receiver.Url).Authority, request.Headers["host"]);
            Assert.Equal(request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers["content-length"]);
            Assert.Equal("application/x-protobuf", request.Headers["content-type"]);
        }
        // The per-signal variable replaces the general one for its signal, as in the OpenTelemetry SDKs.
        Assert.All(traces, r => Assert.Equal("fine", r.Headers["x-ok"]));
        Assert.All(traces, r => Assert.False(r.Headers.ContainsKey("x-logs")));
        Assert.All(logs, r => Assert.Equal("only-logs", r.Headers["x-logs"]));
        Assert.All(logs, r => Assert.False(r.Headers.ContainsKey("x-ok")));
    }
}
