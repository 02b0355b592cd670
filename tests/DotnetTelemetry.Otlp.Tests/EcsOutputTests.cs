using System.Text;
using System.Text.Json.Nodes;
using DotnetTelemetry.Otlp.Ecs;
using DotnetTelemetry.Otlp.Tests.Support;

namespace DotnetTelemetry.Otlp.Tests;

/// <summary>
/// ECS output checked by tests/node-peers/ecs-check.js against npm @elastic/ecs's EcsFlat catalog:
/// field names, types, array-ness, allowed categorisation values and category/type pairs.
/// </summary>
public sealed class EcsOutputTests
{
    private static string Render(EcsOptions options)
    {
        var stream = new MemoryStream();
        using (var sink = new EcsStreamSink(stream, new EcsFormatter(options)))
        {
            EventScript.CheckoutScenario().PlayInto(sink);
            var agentStatus = new EventScript();
            agentStatus.Add(DotnetTelemetry.Schema.EventType.AgentStatus, 0, 0, e => e.Message = "agent status");
            agentStatus.PlayInto(sink);
            sink.Flush(TimeSpan.FromSeconds(1));
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Every_field_and_categorisation_value_is_in_the_ECS_catalog()
    {
        var ndjson = Render(new EcsOptions { DatadogCorrelation = true });
        var (exitCode, stdout, stderr) = NodePeers.Run("ecs-check.js", ndjson, TimeSpan.FromSeconds(60));

        var report = JsonNode.Parse(stdout) ?? throw new Xunit.Sdk.XunitException("ecs-check printed nothing: " + stderr);
        Assert.Equal("[]", report["errors"]!.ToJsonString());
        Assert.Equal(0, exitCode);
        Assert.Equal(15, (int)report["documents"]!);
        var fields = report["fields"]!.AsArray().Select(f => (string)f!).ToHashSet();
        // The scenario exercises every part of the mapping; make sure they all reached the checker.
        foreach (var expected in new[]
        {
            "@timestamp", "ecs.version", "message", "log.level", "log.origin.function", "log.origin.file.name", "log.origin.file.line",
            "event.kind", "event.category", "event.type", "event.action", "event.duration", "event.outcome", "event.sequence",
            "trace.id", "span.id", "error.type", "error.message", "error.stack_trace",
            "http.request.method", "http.request.body.bytes", "http.response.status_code", "http.response.body.bytes", "http.response.mime_type",
            "url.full", "user_agent.original", "service.name", "service.version", "service.environment", "service.node.name",
            "host.name", "host.ip", "cloud.provider", "cloud.region", "cloud.availability_zone", "cloud.account.id",
            "cloud.instance.id", "cloud.machine.type", "cloud.service.name", "orchestrator.type", "orchestrator.cluster.name",
            "orchestrator.namespace", "orchestrator.resource.type", "orchestrator.resource.name", "orchestrator.resource.id",
            "process.pid", "process.executable", "process.command_line", "process.thread.id", "labels.iterations",
            "dd.trace_id", "dd.span_id", "dd.service", "dd.env", "dd.version",
        })
        {
            Assert.Contains(expected, fields);
        }
    }

    [Fact]
    public void The_checker_rejects_fields_and_values_outside_the_catalog()
    {
        var bad = """
            {"@timestamp":"2026-01-01T00:00:00.000Z","ecs":{"version":"9.4.0"},"event":{"kind":"span","category":["code"],"type":["start"]},"http":{"response":{"status_code":"200"}},"function_name":"X"}
            """;
        var (exitCode, stdout, _) = NodePeers.Run("ecs-check.js", bad + "\n", TimeSpan.FromSeconds(60));
        Assert.Equal(1, exitCode);
        var errors = JsonNode.Parse(stdout)!["errors"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains(errors, e => e.Contains("event.kind=\"span\""));
        Assert.Contains(errors, e => e.Contains("event.category=\"code\""));
        Assert.Contains(errors, e => e.Contains("http.response.status_code"));
        Assert.Contains(errors, e => e.Contains("function_name is not an ECS field"));
    }

    [Fact]
    public void Documents_carry_the_mapping_and_Datadog_ids_are_decimal_low_64_bits()
    {
        var lines = Render(new EcsOptions { DatadogCorrelation = true, DatadogEnv = "prod" })
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

        var saveExit = lines.Single(l => (string?)l["event"]!["action"] == "function_exit" && (string?)l["log"]!["origin"]!["function"] == "Orders.Service.Save");
        Assert.Equal("failure", (string?)saveExit["event"]!["outcome"]);
        Assert.Equal(300, (long)saveExit["event"]!["duration"]!);
        Assert.Equal("System.InvalidOperationException", (string?)saveExit["error"]!["type"]);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", (string?)saveExit["trace"]!["id"]);
        Assert.Equal("0000000000000014", (string?)saveExit["span"]!["id"]);
        Assert.Equal(0x8448eb211c80319cUL.ToString(), (string?)saveExit["dd"]!["trace_id"]);
        Assert.Equal("20", (string?)saveExit["dd"]!["span_id"]);
        Assert.Equal("orders", (string?)saveExit["dd"]!["service"]);
        Assert.Equal("prod", (string?)saveExit["dd"]!["env"]);
        Assert.Equal("1.4.2", (string?)saveExit["dd"]!["version"]);

        var serverResponse = lines.Single(l => (string?)l["event"]!["action"] == "http_response" && (string?)l["http"]!["request"]!["method"] == "GET");
        Assert.Equal(new[] { "web" }, serverResponse["event"]!["category"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(new[] { "access", "error" }, serverResponse["event"]!["type"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(503, (int)serverResponse["http"]!["response"]!["status_code"]!);

        Assert.DoesNotContain(Render(new EcsOptions()), "\"dd\"");
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "payments", true)]
    [InlineData("false", "payments", false)]
    [InlineData("true", null, true)]
    public void Datadog_correlation_follows_the_switch_or_the_presence_of_DD_variables(string? flag, string? ddService, bool enabled)
    {
        var options = EcsOptions.Parse(name => name switch
        {
            "DOTNET_TELEMETRY_DATADOG" => flag,
            "DD_SERVICE" => ddService,
            _ => null,
        });
        Assert.Equal(enabled, options.DatadogCorrelation);
        Assert.Equal(ddService, options.DatadogService);
        Assert.Empty(options.Errors);
    }

    [Fact]
    public void A_bad_Datadog_switch_is_reported()
    {
        var options = EcsOptions.Parse(name => name == "DOTNET_TELEMETRY_DATADOG" ? "maybe" : null);
        Assert.False(options.DatadogCorrelation);
        Assert.Contains("maybe", Assert.Single(options.Errors));
    }
}
