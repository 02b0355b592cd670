using System.Text.Json.Nodes;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>`dotnet-telemetry run` weaves at load time through the shim by default, and not with --mode hook-only.</summary>
public class RunProfilerModeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static (ProcessRunner.Result Result, List<JsonNode> Events) Run(string mode)
    {
        string events = Path.Combine(Path.GetTempPath(), $"dt-run-{Guid.NewGuid():N}.ndjson");
        try
        {
            string cli = Path.Combine(ShimLocator.AgentHome(), "cli", "dotnet-telemetry.dll");
            var result = ProcessRunner.Run("dotnet",
                new[] { cli, "run", "--mode", mode, "-o", "file:" + events, "--", "dotnet", Path.Combine(AppContext.BaseDirectory, "ConsoleSample.dll") },
                new Dictionary<string, string?>(), Timeout);
            var parsed = File.Exists(events) ? File.ReadAllLines(events).Select(line => JsonNode.Parse(line)!).ToList() : new List<JsonNode>();
            return (result, parsed);
        }
        finally
        {
            File.Delete(events);
        }
    }

    [Fact]
    public void Run_weaves_the_unmodified_app_at_load_time()
    {
        var plain = ProcessRunner.Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "ConsoleSample.dll") }, new Dictionary<string, string?>(), Timeout);
        var (result, events) = Run("profiler");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal(plain.StandardOutput, result.StandardOutput);
        Assert.Equal(177, events.Count(e => (string?)e["event_type"] == "function_entry" && (string?)e["function_name"] == "ConsoleSample.MathOps.Fibonacci"));
        Assert.Contains(events, e => (string?)e["event_type"] == "function_exit" && (string?)e["function_name"] == "Program.Main");
    }

    [Fact]
    public void Run_without_the_profiler_has_no_function_events()
    {
        var (result, events) = Run("hook-only");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.NotEmpty(events); // the agent runs (exceptions, HTTP, status)
        Assert.DoesNotContain(events, e => ((string?)e["event_type"])?.StartsWith("function_") == true);
    }
}
