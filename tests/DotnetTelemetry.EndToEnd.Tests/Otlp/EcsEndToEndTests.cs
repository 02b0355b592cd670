using System.Diagnostics;
using System.Text.Json.Nodes;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests.Otlp;

/// <summary>
/// <c>DOTNET_TELEMETRY_FORMAT=ecs</c> under the real startup hook: the file the agent writes is checked by
/// tests/node-peers/ecs-check.js against npm @elastic/ecs's field catalog (names, types, allowed values).
/// </summary>
public class EcsEndToEndTests
{
    [Fact]
    public void Console_sample_ECS_output_passes_the_ECS_catalog_check_with_Datadog_fields()
    {
        using var agent = new AgentEnvironment();
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(),
            agent.WithAgent(("DOTNET_TELEMETRY_FORMAT", "ecs"), ("DD_ENV", "e2e")));

        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        Assert.Equal("", with.Stderr);

        var report = CheckEcs(agent.EventsFile);
        Assert.Equal("[]", report["errors"]!.ToJsonString());
        var fields = report["fields"]!.AsArray().Select(f => (string)f!).ToList();
        foreach (var expected in new[] { "@timestamp", "event.category", "event.type", "event.action", "trace.id", "span.id",
                     "http.request.method", "http.response.status_code", "url.full", "error.type", "error.stack_trace",
                     "service.name", "process.pid", "dd.trace_id", "dd.span_id", "dd.env" })
        {
            Assert.Contains(expected, fields);
        }

        var lines = File.ReadAllLines(agent.EventsFile).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!).ToList();
        var request = Assert.Single(lines, l => (string?)l["event"]!["action"] == "http_request");
        Assert.Equal("e2e", (string?)request["dd"]!["env"]);
        var traceId = (string)request["trace"]!["id"]!;
        Assert.Equal(Convert.ToUInt64(traceId[16..], 16).ToString(), (string?)request["dd"]!["trace_id"]);
    }

    private static JsonNode CheckEcs(string file)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.Combine(Artifacts.RepositoryRoot, "tests", "node-peers"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("ecs-check.js");
        info.ArgumentList.Add(file);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "ecs-check.js did not finish");
        return JsonNode.Parse(stdout.Result) ?? throw new InvalidOperationException("ecs-check.js printed nothing: " + stderr.Result);
    }
}
