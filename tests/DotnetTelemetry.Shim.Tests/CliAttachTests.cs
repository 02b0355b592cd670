using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>`dotnet-telemetry attach` and `ps` against real processes started with no environment.</summary>
[Collection(LongRunningSampleCollection.Name)]
public class CliAttachTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Regex RoundLine = new(@"^round (\d+): compute=(\d+) validate=(ok|rejected) http=/round/(\d+)$");

    private static string SampleDll => Path.Combine(AppContext.BaseDirectory, "LongRunningSample.dll");

    private static ProcessRunner.Result Cli(params string[] arguments)
    {
        string cli = Path.Combine(ShimLocator.AgentHome(), "cli", "dotnet-telemetry.dll");
        return ProcessRunner.Run("dotnet", new[] { cli }.Concat(arguments), new Dictionary<string, string?>(), Timeout);
    }

    /// <summary>The `ps` rows of LongRunningSample processes other than <paramref name="pid"/>, after waiting (bounded) for them to end.</summary>
    private static List<string> WaitForNoOtherSample(int pid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var others = Cli("ps").Lines
                .Where(l => l.Contains("LongRunningSample.dll", StringComparison.Ordinal) && !l.TrimStart().StartsWith(pid + " ", StringComparison.Ordinal))
                .ToList();
            if (others.Count == 0 || DateTime.UtcNow > deadline) return others;
            Thread.Sleep(500);
        }
    }

    private static RunningApp StartSample()
    {
        var app = new RunningApp(SampleDll);
        Assert.True(app.WaitForLine(l => l.StartsWith("round 1:", StringComparison.Ordinal), Timeout), string.Join("\n", app.Lines));
        return app;
    }

    [Fact]
    public void Attach_to_an_app_started_without_environment_leaves_its_output_unchanged()
    {
        using var app = StartSample();

        var result = Cli("attach", app.Pid.ToString(), "--duration", "2");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains($"attached to {app.Pid}", result.StandardError);
        Assert.Contains($"detached from {app.Pid}", result.StandardError);
        // Every line of the app is still exactly what it prints without the agent, and it keeps working.
        int rounds = app.Lines.Count(l => l.StartsWith("round", StringComparison.Ordinal));
        Assert.True(app.WaitForLine(l => RoundLine.Match(l) is { Success: true } m && int.Parse(m.Groups[1].Value) > rounds + 2, Timeout));
        foreach (string line in app.Lines.Where(l => l != "LongRunningSample ready"))
        {
            var match = RoundLine.Match(line);
            Assert.True(match.Success, $"unexpected app output: {line}");
            int round = int.Parse(match.Groups[1].Value);
            Assert.Equal((round % 10) * (round % 10) + 1, int.Parse(match.Groups[2].Value));
            Assert.Equal(round % 3 == 0 ? "rejected" : "ok", match.Groups[3].Value);
        }
        // The CLI wrote telemetry v3 events, one per line: function events from load-time weaving
        // of the running app, and the agent's exception and HTTP events.
        var events = result.Lines.Select(line => JsonNode.Parse(line)!).ToList();
        Assert.All(events, e => Assert.NotNull(e["event_type"]));
        Assert.Contains(events, e => (string?)e["event_type"] == "function_entry" && (string?)e["function_name"] == "LongRunningSample.Worker.Compute");
        Assert.Contains(events, e => (string?)e["event_type"] == "function_exit" && (string?)e["function_name"] == "LongRunningSample.Worker.Validate");
        Assert.Contains(events, e => (string?)e["event_type"] == "exception_entry");
        Assert.Contains(events, e => (string?)e["event_type"] == "http_request");
        Assert.Matches(@"agent: profiler mode: LongRunningSample: \d+ woven, \d+ skipped, 0 failed", result.StandardError);
    }

    [Fact]
    public void Attach_sees_small_methods_the_jit_had_already_inlined_into_their_callers()
    {
        // Without tiering the JIT optimises at once: Worker.Compute and Worker.Square are inlined into the main
        // loop's MoveNext long before the attach. Both callers are excluded, so nothing re-JITs them for their own
        // sake: re-JIT'ing Square alone would leave the copy inlined there running, unrecorded.
        using var app = new RunningApp(new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" }, SampleDll);
        Assert.True(app.WaitForLine(l => l.StartsWith("round 2:", StringComparison.Ordinal), Timeout), string.Join("\n", app.Lines));

        var result = Cli("attach", app.Pid.ToString(), "--duration", "4", "--exclude", "Program.*;LongRunningSample.Worker.Compute");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var events = result.Lines.Select(line => JsonNode.Parse(line)!).ToList();
        Assert.DoesNotContain(events, e => (string?)e["function_name"] == "LongRunningSample.Worker.Compute");
        Assert.Contains(events, e => (string?)e["event_type"] == "function_entry" && (string?)e["function_name"] == "LongRunningSample.Worker.Square");
    }

    [Fact]
    public void Ps_lists_the_app_and_shows_the_profiler_after_an_attach()
    {
        using var app = StartSample();
        string Row(ProcessRunner.Result ps) => ps.Lines.Single(l => l.TrimStart().StartsWith(app.Pid + " ", StringComparison.Ordinal));

        var before = Cli("ps");
        Assert.Equal(0, before.ExitCode);
        Assert.Matches(@"\s10\.\d+\.\d+\s+no\s+.*LongRunningSample\.dll", Row(before));

        Assert.Equal(0, Cli("attach", app.Pid.ToString(), "--duration", "1").ExitCode);
        Assert.Matches(@"\syes\+profiler\s", Row(Cli("ps")));

        // Detached: the probes are quiet. A second attach reuses the loaded shim and agent, and what it
        // receives was recorded after it started, nothing from the gap between the sessions.
        Thread.Sleep(1000);
        // By name needs this to be the only LongRunningSample: let one an earlier test stopped finish going away.
        var others = WaitForNoOtherSample(app.Pid);
        Assert.True(others.Count == 0, "other LongRunningSample processes are running:\n" + string.Join("\n", others));
        var secondStart = DateTimeOffset.UtcNow.AddMilliseconds(-100);
        var again = Cli("attach", "-n", "LongRunningSample", "--duration", "4");
        Assert.True(again.ExitCode == 0, again.StandardError);
        Assert.Contains("already loaded", again.StandardError);
        var functionEvents = again.Lines.Select(line => JsonNode.Parse(line)!).Where(e => ((string?)e["event_type"])?.StartsWith("function_") == true).ToList();
        Assert.NotEmpty(functionEvents);
        Assert.All(functionEvents, e => Assert.True(DateTimeOffset.Parse((string)e["timestamp"]!) >= secondStart, $"event from before the second attach: {e}"));
    }

    [Fact]
    public void Attach_exports_otlp_to_the_configured_endpoint()
    {
        using var receiver = new LoopbackOtlpReceiver();
        using var app = StartSample();

        string cli = Path.Combine(ShimLocator.AgentHome(), "cli", "dotnet-telemetry.dll");
        // Long enough for a loaded machine to get the agent going in the target and record a few calls.
        var result = ProcessRunner.Run("dotnet", new[] { cli, "attach", app.Pid.ToString(), "--duration", "4", "-o", "otlp" },
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/json",
            }, Timeout);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Empty(result.Lines); // nothing on stdout: everything went to the endpoint
        var traces = receiver.Bodies("/v1/traces");
        Assert.NotEmpty(traces);
        Assert.Contains(traces, body => body.Contains("LongRunningSample.Worker.Compute", StringComparison.Ordinal));
    }

    [Fact]
    public void Attach_refuses_a_missing_process()
    {
        var result = Cli("attach", "999999");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no process 999999", result.StandardError);

        var byName = Cli("attach", "-n", "no-such-app-anywhere");
        Assert.Equal(2, byName.ExitCode);
        Assert.Contains("no .NET process named", byName.StandardError);
    }

    [Fact]
    public void Attach_refuses_an_app_with_startup_hooks_disabled()
    {
        // The shape of a trimmed app: System.StartupHookProvider.IsSupported=false in its runtimeconfig.
        string directory = Directory.CreateTempSubdirectory("dt-trimmed-").FullName;
        try
        {
            foreach (string file in new[] { "LongRunningSample.dll", "LongRunningSample.deps.json", "LongRunningSample.runtimeconfig.json" })
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, file), Path.Combine(directory, file));
            }
            string configPath = Path.Combine(directory, "LongRunningSample.runtimeconfig.json");
            var config = JsonNode.Parse(File.ReadAllText(configPath))!;
            config["runtimeOptions"]!["configProperties"] = new JsonObject { ["System.StartupHookProvider.IsSupported"] = false };
            File.WriteAllText(configPath, config.ToJsonString());

            using var app = new RunningApp(Path.Combine(directory, "LongRunningSample.dll"));
            Assert.True(app.WaitForLine(l => l.StartsWith("round 1:", StringComparison.Ordinal), Timeout), string.Join("\n", app.Lines));

            var result = Cli("attach", app.Pid.ToString(), "--duration", "1");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("startup hooks disabled", result.StandardError);
            Assert.False(app.HasExited);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Target_killed_while_attached_ends_the_cli_with_a_clear_error()
    {
        using var app = StartSample();
        var attach = Task.Run(() => Cli("attach", app.Pid.ToString(), "--duration", "30"));
        // Kill the target once the attach is under way.
        Thread.Sleep(1500);
        app.Kill();

        var result = attach.Result;

        // Killed while attaching (1) or while streaming (3): either way a clear message and a failure code.
        Assert.True(result.ExitCode is 1 or 3, $"exit code {result.ExitCode}: {result.StandardError}");
        Assert.True(Regex.IsMatch(result.StandardError, $"process {app.Pid} (went away during attach|exited)"), result.StandardError);
    }
}
