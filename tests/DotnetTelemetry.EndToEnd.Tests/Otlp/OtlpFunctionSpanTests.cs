using System.Text.Json.Nodes;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;
using static DotnetTelemetry.EndToEnd.Tests.Otlp.Otlp;

namespace DotnetTelemetry.EndToEnd.Tests.Otlp;

/// <summary>
/// Function spans: the console sample under <c>dotnet-telemetry run --mode weave -o otlp</c>, received by
/// npm @elastic/mockotlpserver. Entry/exit pairs arrive as one INTERNAL span each, in a tree rooted at Main.
/// </summary>
public class OtlpFunctionSpanTests
{
    [Fact]
    public void Woven_calls_arrive_as_a_tree_of_internal_spans_with_errors_recorded()
    {
        using var receiver = CollectingOtlpReceiver.Start();
        using var agent = new AgentEnvironment();
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence());
        var environment = agent.Fence();
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url;
        environment["DOTNET_TELEMETRY_WEAVE_CACHE"] = Path.Combine(agent.Directory, "weave-cache");
        environment["DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS"] = "15000";
        var with = ProcessRunner.RunDotnet(Artifacts.CliDll,
            new[] { "run", "--mode", "weave", "-o", "otlp", "--", ProcessRunner.DotnetHost, Artifacts.ConsoleSample }, environment,
            TimeSpan.FromSeconds(120));

        Assert.False(with.TimedOut, with.ToString());
        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);

        receiver.CollectUntil(r => r.Spans.Any(s => Str(s["name"]) == "Program.Main"), TimeSpan.FromSeconds(30));
        var spans = receiver.Spans;
        var byId = spans.ToDictionary(s => Str(s["spanId"])!);
        JsonObject? Parent(JsonObject span) => Str(span["parentSpanId"]) is { Length: > 0 } id && byId.TryGetValue(id, out var p) ? p : null;
        JsonObject Named(string name) => spans.First(s => Str(s["name"]) == name);

        var main = Named("Program.Main");
        Assert.Null(Parent(main));
        Assert.Equal("SPAN_KIND_INTERNAL", Str(main["kind"]));
        Assert.Equal("Program.Main", Attr(main, "code.function.name"));
        Assert.EndsWith("Program.cs", Attr(main, "code.file.path"));
        Assert.Null(Attr(main, "dotnet_telemetry.span.unfinished"));

        // fib(10): 177 calls, one root call under Main, the rest under another Fibonacci call.
        var fibonacci = spans.Where(s => Str(s["name"]) == "ConsoleSample.MathOps.Fibonacci").ToList();
        Assert.Equal(177, fibonacci.Count);
        Assert.Single(fibonacci, s => Parent(s) == main);
        Assert.All(fibonacci.Where(s => Parent(s) != main), s => Assert.Equal("ConsoleSample.MathOps.Fibonacci", Str(Parent(s)!["name"])));

        // Async calls keep their parents across awaits.
        var processAll = Named("ConsoleSample.OrderService.ProcessAllAsync");
        Assert.Same(main, Parent(processAll));
        Assert.All(spans.Where(s => Str(s["name"]) == "ConsoleSample.OrderService.ProcessAsync"), s => Assert.Same(processAll, Parent(s)));

        // A call that exited by an exception: status ERROR and the exception event.
        var validate = Named("ConsoleSample.OrderService.Validate");
        Assert.Same(main, Parent(validate));
        Assert.Equal("STATUS_CODE_ERROR", Str(validate["status"]!["code"]));
        var exception = Assert.Single(validate["events"]!.AsArray(), e => Str(e!["name"]) == "exception")!.AsObject();
        Assert.Equal("System.ArgumentOutOfRangeException", Attr(exception, "exception.type"));
        Assert.Contains("ConsoleSample.OrderService.Validate", Attr(exception, "exception.stacktrace"));

        // A child is in its parent's trace and inside its parent's time; every span ends after it starts.
        Assert.All(spans.Where(s => Str(s["kind"]) == "SPAN_KIND_INTERNAL"), s =>
        {
            Assert.True(ulong.Parse(Str(s["endTimeUnixNano"])!) >= ulong.Parse(Str(s["startTimeUnixNano"])!));
            if (Parent(s) is not { } parent) return;
            Assert.Equal(Str(parent["traceId"]), Str(s["traceId"]));
            Assert.True(ulong.Parse(Str(s["startTimeUnixNano"])!) >= ulong.Parse(Str(parent["startTimeUnixNano"])!));
        });
        Assert.All(fibonacci, s => Assert.Equal(Str(main["traceId"]), Str(s["traceId"])));
    }
}
