using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>
/// Function events from <c>DOTNET_STARTUP_HOOKS</c> alone: the agent attaches the profiler shim to its own process
/// (diagnostics IPC) and weaves at load time, as profiler mode does; <c>DOTNET_TELEMETRY_WEAVE=off</c> opts out, and
/// where the attach is impossible the app runs as before with one line on stderr.
/// </summary>
public class HookWeavingTests
{
    private const string ShimClsid = "{70BAAC33-8E8A-4A74-B541-49CC4129C97A}";

    [Fact]
    public void The_hook_alone_weaves_the_console_sample_as_profiler_mode_does()
    {
        using var agent = new AgentEnvironment();
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent());
        var log = agent.ReadEvents();

        Assert.Equal(0, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        Assert.Equal("", with.Stderr);
        EventAssertions.AllWellFormed(log);
        SchemaCheck.AllValid(log);
        // Main itself runs woven: the hook's start waited for the attach and the first weaving pass.
        Assert.Single(log.OfType("function_entry"), e => e.Str("function_name") == "Program.Main");
        Assert.Single(log.OfType("function_exit"), e => e.Str("function_name") == "Program.Main");
        Assert.Equal(177, log.OfType("function_entry").Count(e => e.Str("function_name") == "ConsoleSample.MathOps.Fibonacci"));
        Assert.Single(log.OfType("http_request")); // runtime events as before

        // The same function events as with the shim loaded at startup (CORECLR_* variables).
        using var profiler = new AgentEnvironment();
        var profiled = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), profiler.WithAgent(
            ("CORECLR_ENABLE_PROFILING", "1"), ("CORECLR_PROFILER", ShimClsid),
            ("CORECLR_PROFILER_PATH", Path.Combine(Artifacts.AgentHome, "native-shim", "libdotnet_telemetry_shim.so"))));
        Assert.Equal(0, profiled.ExitCode);
        Assert.Equal(FunctionEvents(profiler.ReadEvents()), FunctionEvents(log));
    }

    [Fact]
    public void Weave_off_gives_runtime_events_only()
    {
        using var agent = new AgentEnvironment();
        var result = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent(("DOTNET_TELEMETRY_WEAVE", "off")));
        var log = agent.ReadEvents();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Single(log.OfType("http_request"));
        Assert.Contains(log.OfType("exception_entry"), e => e.Str("error", "type") == "System.ArgumentOutOfRangeException");
        Assert.DoesNotContain(log.Events, e => e.Str("event_type")!.StartsWith("function_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DOTNET_EnableDiagnostics")]
    [InlineData("DOTNET_EnableDiagnostics_IPC")]
    public void Diagnostics_switched_off_is_one_line_and_the_app_runs_as_before(string variable)
    {
        using var agent = new AgentEnvironment();
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, new[] { "crash" }, agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, new[] { "crash" }, agent.WithAgent((variable, "0")));
        var log = agent.ReadEvents();

        Assert.NotEqual(0, without.ExitCode);
        Assert.Equal(without.ExitCode, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        // The app's own stderr (its unhandled exception) is there as before, and one line of ours before it.
        var ours = with.Stderr.Split('\n').Where(line => line.StartsWith("dotnet-telemetry:", StringComparison.Ordinal)).ToList();
        string line = Assert.Single(ours);
        Assert.StartsWith($"dotnet-telemetry: no function events: {variable}=0 ", line);
        Assert.Equal(without.Stderr, with.Stderr.Replace(line + "\n", ""));
        Assert.Single(log.OfType("http_request"));
        Assert.DoesNotContain(log.Events, e => e.Str("event_type")!.StartsWith("function_", StringComparison.Ordinal));
    }

    [Fact]
    public void A_home_without_the_shim_is_one_line_and_runtime_events()
    {
        using var agent = new AgentEnvironment();
        string home = Path.Combine(agent.Directory, "home");
        CopyDirectory(Artifacts.AgentHome, home, skip: "native-shim");
        var result = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(),
            agent.WithAgent(("DOTNET_STARTUP_HOOKS", Path.Combine(home, "startup-hook", "DotnetTelemetry.StartupHook.dll"))));

        Assert.Equal(0, result.ExitCode);
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dotnet-telemetry: no function events: the profiler shim is not in the agent home", line);
        var log = agent.ReadEvents();
        Assert.Single(log.OfType("http_request"));
        Assert.DoesNotContain(log.Events, e => e.Str("event_type")!.StartsWith("function_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_web_sample_with_the_hook_alone_records_its_endpoints_inside_their_requests()
    {
        using var agent = new AgentEnvironment();
        ProcessResult result;
        using (var app = await WebApp.StartAsync(Artifacts.WebSample, agent.WithAgent()))
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            Assert.Contains("\"price\":101", await client.GetStringAsync("/chain/1"));
            result = app.Stop();
        }
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("dotnet-telemetry:", result.Stderr);

        var log = agent.ReadEvents();
        EventAssertions.AllWellFormed(log);
        var price = Assert.Single(log.OfType("http_request"), e => e.Str("http", "request", "kind") == "server" && e.Str("http", "request", "url")!.EndsWith("/price/1"));
        // Catalog.Price runs in the /price/1 request's trace, under the endpoint's span.
        var catalogPrice = Assert.Single(log.OfType("function_entry"), e => e.Str("function_name") == "WebSample.Catalog.Price");
        Assert.Equal(price.Str("trace_id"), catalogPrice.Str("trace_id"));
        Assert.Single(log.OfType("function_exit"), e => e.Str("function_name") == "WebSample.Catalog.Price" && e.Str("span_id") == catalogPrice.Str("span_id"));
    }

    /// <summary>(event type, function name) with how often each occurs, in a stable order.</summary>
    private static List<string> FunctionEvents(EventLog log) => log.Events
        .Where(e => e.Str("event_type")!.StartsWith("function_", StringComparison.Ordinal))
        .GroupBy(e => $"{e.Str("event_type")} {e.Str("function_name")}")
        .Select(g => $"{g.Count(),4} {g.Key}")
        .OrderBy(line => line, StringComparer.Ordinal)
        .ToList();

    private static void CopyDirectory(string from, string to, string skip)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (string directory in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(directory) != skip)
            {
                CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)), skip);
            }
        }
    }
}
