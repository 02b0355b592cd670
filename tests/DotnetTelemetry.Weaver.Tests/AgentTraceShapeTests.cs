using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>
/// The whole path: the ConsoleSample woven by `dotnet-telemetry instrument` (the CLI in the agent home laid out by
/// ./build.sh), started with the startup hook and the drain writing NDJSON; the trace has the shape the code implies.
/// </summary>
public sealed class AgentTraceShapeTests(ITestOutputHelper output)
{
    private sealed record Span(string Id, string? Parent, string Name, long Start, long Duration, string? ErrorType);

    [Fact]
    public void Instrumented_console_sample_under_the_startup_hook_gives_a_well_formed_trace()
    {
        string home = AgentHome.Path;
        using var app = new TempDirectory("weaver-agent");
        string woven = Path.Combine(app.Path, "app");
        string events = app.File("events.ndjson");
        var instrument = RunProcess(Path.Combine(home, "cli", "dotnet-telemetry"), new() { }, "instrument", ConsoleSample.Directory, "-o", woven);
        Assert.True(instrument.Exit == 0, instrument.Output);

        var run = RunProcess("dotnet", new()
        {
            ["DOTNET_STARTUP_HOOKS"] = Path.Combine(home, "startup-hook", "DotnetTelemetry.StartupHook.dll"),
            ["DOTNET_TELEMETRY_OUTPUT"] = "file:" + events,
            ["DOTNET_TELEMETRY_CLOUD_DETECTION"] = "false",
        }, Path.Combine(woven, "ConsoleSample.dll"));
        Assert.True(run.Exit == 0, run.Output);
        Assert.Contains("ConsoleSample done", run.Output);

        var lines = File.ReadAllLines(events).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var entries = lines.Where(e => Type(e) == "function_entry").ToList();
        var exits = lines.Where(e => Type(e) == "function_exit").ToList();
        output.WriteLine($"{lines.Count} events, {entries.Count} entries, {exits.Count} exits");
        Assert.True(entries.Count > 100);

        // Each exit matches an entry (same span, same function), and the reverse.
        var entryById = entries.ToDictionary(e => e.GetProperty("span_id").GetString()!);
        Assert.Equal(entries.Count, exits.Count);
        var spans = new List<Span>();
        foreach (var exit in exits)
        {
            string id = exit.GetProperty("span_id").GetString()!;
            Assert.True(entryById.TryGetValue(id, out var entry), $"exit without entry: {exit}");
            Assert.Equal(Function(entry), Function(exit));
            long duration = exit.GetProperty("duration_ns").GetInt64();
            Assert.Equal(exit.GetProperty("timestamp_ns").GetInt64() - entry.GetProperty("timestamp_ns").GetInt64(), duration);
            string? error = exit.TryGetProperty("error", out var e) ? e.GetProperty("type").GetString() : null;
            spans.Add(new Span(id, entry.GetProperty("parent_span_id").GetString(), Function(entry), entry.GetProperty("timestamp_ns").GetInt64(), duration, error));
        }

        // Each parent exists in the trace.
        var allSpanIds = lines.Where(e => e.TryGetProperty("span_id", out _)).Select(e => e.GetProperty("span_id").GetString()).ToHashSet();
        Assert.All(spans, s => Assert.True(s.Parent is null || allSpanIds.Contains(s.Parent), $"{s.Name}: parent {s.Parent} not in the trace"));

        // A parent lasts at least as long as its sequential children together.
        var byId = spans.ToDictionary(s => s.Id);
        foreach (var group in spans.Where(s => s.Parent is not null && byId.ContainsKey(s.Parent)).GroupBy(s => s.Parent!))
        {
            var children = group.OrderBy(c => c.Start).ToList();
            bool sequential = children.Zip(children.Skip(1)).All(p => p.Second.Start >= p.First.Start + p.First.Duration);
            if (sequential) Assert.True(children.Sum(c => c.Duration) <= byId[group.Key].Duration, $"{byId[group.Key].Name} is shorter than its children");
        }

        // Async: ProcessAllAsync awaits three ProcessAsync calls, the longest awaiting Task.Delay(30).
        var processAll = Assert.Single(spans, s => s.Name == "ConsoleSample.OrderService.ProcessAllAsync");
        var process = spans.Where(s => s.Name == "ConsoleSample.OrderService.ProcessAsync").ToList();
        Assert.Equal(3, process.Count);
        Assert.All(process, p => Assert.Equal(processAll.Id, p.Parent));
        Assert.True(processAll.Duration >= 30_000_000, $"ProcessAllAsync took {processAll.Duration} ns");
        Assert.True(processAll.Duration >= process.Max(p => p.Duration));
        Assert.Equal("System.InvalidOperationException", Assert.Single(spans, s => s.Name == "ConsoleSample.OrderService.FailLaterAsync").ErrorType);
        Assert.Equal("System.ArgumentOutOfRangeException", Assert.Single(spans, s => s.Name == "ConsoleSample.OrderService.Validate").ErrorType);
        Assert.Single(spans, s => s.Name == "ConsoleSample.Sequences.CountdownAsync"); // one span per enumeration
    }

    private static string? Type(JsonElement e) => e.GetProperty("event_type").GetString();

    private static string Function(JsonElement e) => e.GetProperty("function_name").GetString()!;

    private static (int Exit, string Output) RunProcess(string file, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("DOTNET_STARTUP_HOOKS");
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), $"{file} finished");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>The agent home laid out by ./build.sh (<c>DOTNET_TELEMETRY_TEST_HOME</c> overrides it).</summary>
internal static class AgentHome
{
    public static string Path
    {
        get
        {
            var root = AppContext.BaseDirectory;
            while (root is not null && !File.Exists(System.IO.Path.Combine(root, "Agent.sln"))) root = System.IO.Path.GetDirectoryName(root);
            string home = Environment.GetEnvironmentVariable("DOTNET_TELEMETRY_TEST_HOME") ?? System.IO.Path.Combine(root!, "artifacts", "dotnet-telemetry");
            Assert.True(File.Exists(System.IO.Path.Combine(home, "startup-hook", "DotnetTelemetry.StartupHook.dll")),
                $"this test needs the agent home at {home}: run ./build.sh first");
            return home;
        }
    }
}
