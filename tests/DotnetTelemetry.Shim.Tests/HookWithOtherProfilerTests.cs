using System.Text.Json.Nodes;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>
/// The startup hook alone attaches the shim to its own process, unless another profiler is there first (the runtime
/// takes one): then one stderr line says so and the app runs with runtime events only, as it does without the shim.
/// </summary>
public class HookWithOtherProfilerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public void Another_profiler_first_leaves_one_line_and_runtime_events()
    {
        string work = Directory.CreateTempSubdirectory("dt-other-profiler-").FullName;
        try
        {
            // A vendor's profiler, stood in for by a copy of the shim at a path of its own (a separate library to the loader).
            string other = Path.Combine(work, "other-profiler.so");
            File.Copy(ShimLocator.ShimPath(), other);
            string events = Path.Combine(work, "events.ndjson");
            string sample = Path.Combine(AppContext.BaseDirectory, "ConsoleSample.dll");
            string hooks = string.Join(Path.PathSeparator,
                Path.Combine(AppContext.BaseDirectory, "OtherProfilerHook.dll"),
                Path.Combine(ShimLocator.AgentHome(), "startup-hook", "DotnetTelemetry.StartupHook.dll"));

            var plain = ProcessRunner.Run("dotnet", new[] { sample }, new Dictionary<string, string?>(), Timeout);
            var result = ProcessRunner.Run("dotnet", new[] { sample }, new Dictionary<string, string?>
            {
                ["DOTNET_STARTUP_HOOKS"] = hooks,
                ["DT_TEST_OTHER_PROFILER"] = other,
                ["DOTNET_TELEMETRY_OUTPUT"] = "file:" + events,
                ["DOTNET_TELEMETRY_CLOUD_DETECTION"] = "false",
            }, Timeout);

            Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
            Assert.Equal(plain.StandardOutput, result.StandardOutput);
            string line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("dotnet-telemetry: no function events: another profiler is already loaded in this process", line);
            var types = File.ReadAllLines(events).Select(l => (string?)JsonNode.Parse(l)!["event_type"]).ToList();
            Assert.Contains("http_request", types);
            Assert.DoesNotContain(types, t => t!.StartsWith("function_", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
