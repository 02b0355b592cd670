using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>
/// Every construct of WeaverTargets (async methods of every builder, iterators, async iterators, generics, exception
/// shapes, ...) woven at load time by the real pipeline: the shim's metadata emit, live tokens and ReJIT. The app
/// behaves as it does plain, nothing is refused, and every recorded call has its entry and its exit.
/// </summary>
public class ProfilerModeScenariosTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static string App => Path.Combine(AppContext.BaseDirectory, "ScenariosApp.dll");

    [Fact]
    public void Every_scenario_behaves_the_same_woven_at_load_time_and_gives_whole_spans()
    {
        string events = Path.Combine(Directory.CreateTempSubdirectory("dt-scenarios-").FullName, "events.ndjson");
        var plain = ProcessRunner.Run("dotnet", new[] { App }, new Dictionary<string, string?>(), Timeout);
        string cli = Path.Combine(ShimLocator.AgentHome(), "cli", "dotnet-telemetry.dll");
        var woven = ProcessRunner.Run("dotnet", new[] { cli, "run", "--mode", "profiler", "-o", "file:" + events, "--", "dotnet", App },
            new Dictionary<string, string?> { ["DOTNET_TELEMETRY_SHIM_LOG"] = "1" }, Timeout); // one summary line per module
        log.WriteLine(woven.StandardError);

        Assert.True(plain.ExitCode == 0, plain.StandardError);
        Assert.True(woven.ExitCode == 0, woven.StandardError);
        Assert.Matches(@"profiler mode: WeaverTargets: [1-9]\d* woven, \d+ skipped, 0 failed", woven.StandardError);
        Assert.DoesNotContain("left as it was", woven.StandardError);
        // Same value or same exception per scenario, and every frame of the original (method and file:line, so the
        // woven bodies' IL offset maps are right) in the same order; the woven run may show frames the original lost
        // to tail calls (a woven method's calls sit in a try block).
        var plainLines = Lines(plain.StandardOutput);
        var wovenLines = Lines(woven.StandardOutput);
        Assert.Equal(plainLines.Count, wovenLines.Count);
        for (int i = 0; i < plainLines.Count; i++)
        {
            AssertSameOutcome(plainLines[i], wovenLines[i]);
        }

        var lines = File.ReadAllLines(events).Select(line => JsonNode.Parse(line)!).ToList();
        var entries = lines.Where(e => (string?)e["event_type"] == "function_entry").ToDictionary(e => (string)e["span_id"]!);
        var exits = lines.Where(e => (string?)e["event_type"] == "function_exit").ToDictionary(e => (string)e["span_id"]!);
        Assert.True(entries.Count > 100, $"only {entries.Count} entries");
        Assert.Equal(entries.Keys.Order(), exits.Keys.Order());
        foreach (var entry in entries.Values)
        {
            string? parent = (string?)entry["parent_span_id"];
            Assert.True(parent is null || entries.ContainsKey(parent), $"{entry["function_name"]}: parent {parent} was never recorded");
        }
        // State machines are woven whole: an async method's span covers its awaits.
        var delay = Assert.Single(exits.Values, e => (string?)e["function_name"] == "WeaverTargets.Async.DelayAsync");
        Assert.True((long)delay["duration_ns"]! >= 4_000_000, "DelayAsync awaits Task.Delay(5)");
    }

    private static List<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static void AssertSameOutcome(string original, string woven)
    {
        var originalParts = original.Split(" | ");
        var wovenParts = woven.Split(" | ");
        Assert.Equal(originalParts[0], wovenParts[0]);
        int next = 1;
        foreach (string frame in originalParts.Skip(1))
        {
            while (next < wovenParts.Length && wovenParts[next] != frame) next++;
            Assert.True(next < wovenParts.Length, $"frame '{frame}' of the original is missing from the woven run: {woven}");
            next++;
        }
    }
}
