using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DotnetTelemetry.Shim.Tests.AsyncWeb;

/// <summary>The four ways in that must give the same traces.</summary>
public enum AsyncWebWay
{
    /// <summary>`dotnet-telemetry run` with its default mode (load-time weaving through the profiler shim).</summary>
    Profiler,

    /// <summary>`dotnet-telemetry run --mode weave` (a woven copy from the weave cache).</summary>
    Weave,

    /// <summary>DOTNET_STARTUP_HOOKS and the output variable only: no CORECLR_* variables, no `run`.</summary>
    HookAlone,

    /// <summary>`dotnet-telemetry attach &lt;pid&gt;` on the sample started with no agent; events on the CLI's stdout.</summary>
    Attach,
}

/// <summary>What one way in recorded for <see cref="AsyncWebTraffic"/>: every event line, and what the processes printed.</summary>
internal sealed record AsyncWebRun(AsyncWebWay Way, string BaseUrl, IReadOnlyList<JsonNode> Events, string Output);

/// <summary>Starts the AsyncWebSample under one way in, drives the traffic, stops it gracefully and collects the events.</summary>
internal static class AsyncWebLauncher
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly Regex SampleWoven = new(@"profiler mode: AsyncWebSample: \d+ woven");

    public static string SampleDll
    {
        get
        {
            string dll = Path.Combine(ShimLocator.RepositoryRoot(), "samples", "AsyncWebSample", "bin", "Release", "net10.0", "AsyncWebSample.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"build the samples first: ./build.sh ({dll} is missing)");
        }
    }

    private static string Cli => Path.Combine(ShimLocator.AgentHome(), "cli", "dotnet-telemetry.dll");

    public static AsyncWebRun Run(AsyncWebWay way, string work)
    {
        Directory.CreateDirectory(work);
        return way == AsyncWebWay.Attach ? RunAttached(work) : RunWithEventsFile(way, work);
    }

    private static AsyncWebRun RunWithEventsFile(AsyncWebWay way, string work)
    {
        string events = Path.Combine(work, "events.ndjson");
        string url = AsyncWebTraffic.FreeLoopbackUrl();
        var environment = Fence(work);
        var app = new[] { SampleDll, "--urls", url };
        string[] command;
        switch (way)
        {
            case AsyncWebWay.Profiler:
                command = new[] { Cli, "run", "-o", "file:" + events, "--", "dotnet" }.Concat(app).ToArray();
                break;
            case AsyncWebWay.Weave:
                environment["DOTNET_TELEMETRY_WEAVE_CACHE"] = Path.Combine(work, "weave-cache"); // weaves afresh, touches no shared cache
                command = new[] { Cli, "run", "--mode", "weave", "-o", "file:" + events, "--", "dotnet" }.Concat(app).ToArray();
                break;
            default:
                environment["DOTNET_STARTUP_HOOKS"] = Path.Combine(ShimLocator.AgentHome(), "startup-hook", "DotnetTelemetry.StartupHook.dll");
                environment["DOTNET_TELEMETRY_OUTPUT"] = "file:" + events;
                command = app;
                break;
        }
        using var process = new StreamedProcess("dotnet", command, environment);
        AsyncWebTraffic.WaitUntilServing(url, process);
        AsyncWebTraffic.Drive(url);
        // SIGTERM: the host shuts down gracefully and the agent writes out what it holds (`run` forwards the signal).
        bool exited = process.Stop(StreamedProcess.SIGTERM, StopTimeout);
        if (!exited || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the sample did not stop cleanly (exited by itself: {exited}, code {process.ExitCode}):\n{process.Describe()}");
        }
        var lines = File.Exists(events) ? File.ReadAllLines(events) : Array.Empty<string>();
        return new AsyncWebRun(way, url, Parse(lines), process.Describe());
    }

    private static AsyncWebRun RunAttached(string work)
    {
        string url = AsyncWebTraffic.FreeLoopbackUrl();
        // The fence only configures an agent that is not there yet: the sample starts with no hook and no profiler.
        using var app = new StreamedProcess("dotnet", new[] { SampleDll, "--urls", url }, Fence(work));
        AsyncWebTraffic.WaitUntilServing(url, app);
        // A service that has been serving: its methods are compiled (and the attach must re-JIT them).
        AsyncWebTraffic.Drive(url);

        using var cli = new StreamedProcess("dotnet", new[] { Cli, "attach", app.Pid.ToString() }, new Dictionary<string, string?>());
        if (!cli.WaitFor(lines => lines.Any(SampleWoven.IsMatch), stderr: true, TimeSpan.FromSeconds(60)))
        {
            throw new InvalidOperationException($"the attached agent never reported weaving AsyncWebSample:\n{cli.Describe()}");
        }
        AsyncWebTraffic.Drive(url);
        // The last request's server response is recorded after all of its function events (one ring, drained in order).
        // Generous: on a loaded machine (a CI box running other test classes) the session's events can trail by seconds.
        bool complete = cli.WaitFor(lines => lines.Any(l => l.Contains("\"http_response\"") && l.Contains(AsyncWebTraffic.Report)),
            stderr: false, TimeSpan.FromSeconds(90));
        bool detached = cli.Stop(StreamedProcess.SIGINT, StopTimeout);
        string output = $"{cli.Describe()}\n(last response seen: {complete}, detached: {detached}, CLI exit code {cli.ExitCode})";
        if (!complete)
        {
            throw new InvalidOperationException("the attach session never delivered the last request's response event:\n" + output);
        }
        // Ctrl+C: a clean detach, exit code 0 (README; the CLI gives attach 30 s after the signal, Reliability/AttachDetachTests).
        if (!detached || cli.ExitCode != 0)
        {
            throw new InvalidOperationException("the attach CLI did not detach cleanly:\n" + output);
        }
        return new AsyncWebRun(AsyncWebWay.Attach, url, Parse(cli.StdoutLines), output);
    }

    /// <summary>
    /// Resource detection fenced in (no file of the host read, nothing but loopback asked), with one twist: DMI files
    /// that say "Google Compute Engine" and a metadata endpoint on a closed loopback port, so the agent makes an HTTP
    /// call of its own that fails at startup, which must not show up among the app's events.
    /// </summary>
    private static Dictionary<string, string?> Fence(string work)
    {
        string dmi = Path.Combine(work, "dmi");
        Directory.CreateDirectory(dmi);
        File.WriteAllText(Path.Combine(dmi, "product_name"), "Google Compute Engine\n");
        string nowhere = Path.Combine(work, "nowhere");
        const string closedLoopback = "http://127.0.0.1:9/";
        return new Dictionary<string, string?>
        {
            ["DOTNET_TELEMETRY_CLOUD_DETECTION"] = "true",
            ["DOTNET_TELEMETRY_DMI_DIR"] = dmi,
            ["DOTNET_TELEMETRY_GCP_METADATA_ENDPOINT"] = closedLoopback,
            ["DOTNET_TELEMETRY_AWS_METADATA_ENDPOINT"] = closedLoopback,
            ["DOTNET_TELEMETRY_AZURE_METADATA_ENDPOINT"] = closedLoopback,
            ["DOTNET_TELEMETRY_CGROUP_ROOT"] = nowhere,
            ["DOTNET_TELEMETRY_K8S_NAMESPACE_FILE"] = Path.Combine(nowhere, "namespace"),
            ["DOTNET_TELEMETRY_K8S_LABELS_FILE"] = Path.Combine(nowhere, "labels"),
        };
    }

    private static List<JsonNode> Parse(IEnumerable<string> lines)
        => lines.Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!).ToList();
}
