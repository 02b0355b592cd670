using System.Text.Json.Nodes;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>
/// The agent's own work (weaving, exporting, cloud metadata, its start and exit) never shows as the app's. FirstChanceApp
/// prints every first-chance exception of its process, every HttpClient request its DiagnosticListener subscription sees
/// and every HttpClient Activity its ActivityListener sees; whatever the mode, it must see only its own (one exception per
/// round and its calls to its own loopback server), and the event stream must hold only the app's exception and HTTP
/// events. Its handlers are in place before the agent starts (it is named as a startup hook ahead of the agent's), so
/// the agent's start is watched too.
/// </summary>
public class AgentOwnWorkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private const string OwnException = "FirstChanceApp.AppOwnException";
    private const string ClosedLoopback = "http://127.0.0.1:9/";

    private static string AppDll => Path.Combine(AppContext.BaseDirectory, "FirstChanceApp.dll");

    private static string Cli => Path.Combine(ShimLocator.AgentHome(), "cli", "dotnet-telemetry.dll");

    private sealed record AppRun(ProcessRunner.Result Result, List<JsonNode> Events)
    {
        public IReadOnlyList<string> Seen(string kind) => Result.Lines.Where(l => l.StartsWith(kind + ": ", StringComparison.Ordinal)).ToList();

        public override string ToString() => $"exit code {Result.ExitCode}\n--- stdout ---\n{Result.StandardOutput}\n--- stderr ---\n{Result.StandardError}";
    }

    /// <summary>
    /// <c>dotnet-telemetry run [options] -o file:events[,more] -- dotnet FirstChanceApp.dll 3</c>, resource detection
    /// fenced in (no DMI, Kubernetes or cgroup files, every cloud endpoint a closed loopback port) unless
    /// <paramref name="environment"/> says otherwise. "{dir}" in a value is the run's temp folder, where
    /// <paramref name="files"/> (relative path, content) are written first.
    /// </summary>
    private static AppRun Run(string[] options, string? moreOutputs = null, Dictionary<string, string>? environment = null,
        Dictionary<string, string>? files = null)
    {
        string directory = Directory.CreateTempSubdirectory("dt-ownwork-").FullName;
        try
        {
            foreach (var (path, content) in files ?? new())
            {
                string full = Path.Combine(directory, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, content);
            }
            // The app in a folder of its own, as it ships (the tests' folder holds several apps: weave mode would see them all).
            string app = Path.Combine(directory, "app", "FirstChanceApp.dll");
            Directory.CreateDirectory(Path.GetDirectoryName(app)!);
            foreach (string file in new[] { "FirstChanceApp.dll", "FirstChanceApp.pdb", "FirstChanceApp.deps.json", "FirstChanceApp.runtimeconfig.json" })
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, file), Path.Combine(Path.GetDirectoryName(app)!, file));
            }
            string events = Path.Combine(directory, "events.ndjson");
            string nowhere = Path.Combine(directory, "nowhere");
            var variables = new Dictionary<string, string?>
            {
                // Read by the CLI too (it appends the agent's hook): the app's hook only watches FirstChanceApp itself.
                ["DOTNET_STARTUP_HOOKS"] = app,
                ["DOTNET_TELEMETRY_DMI_DIR"] = nowhere,
                ["DOTNET_TELEMETRY_CGROUP_ROOT"] = nowhere,
                ["DOTNET_TELEMETRY_K8S_NAMESPACE_FILE"] = Path.Combine(nowhere, "namespace"),
                ["DOTNET_TELEMETRY_K8S_LABELS_FILE"] = Path.Combine(nowhere, "labels"),
                ["DOTNET_TELEMETRY_AWS_METADATA_ENDPOINT"] = ClosedLoopback,
                ["DOTNET_TELEMETRY_GCP_METADATA_ENDPOINT"] = ClosedLoopback,
                ["DOTNET_TELEMETRY_AZURE_METADATA_ENDPOINT"] = ClosedLoopback,
                ["DOTNET_TELEMETRY_CLOUD_DETECTION"] = "false",
            };
            foreach (var (name, value) in environment ?? new())
            {
                variables[name] = value.Replace("{dir}", directory);
            }
            string output = "file:" + events + (moreOutputs is null ? "" : "," + moreOutputs);
            var arguments = new[] { Cli, "run" }.Concat(options).Concat(new[] { "-o", output, "--", "dotnet", app, "3" });
            var result = ProcessRunner.Run("dotnet", arguments, variables, Timeout);
            var parsed = File.Exists(events) ? File.ReadAllLines(events).Select(line => JsonNode.Parse(line)!).ToList() : new List<JsonNode>();
            return new AppRun(result, parsed);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The app saw its own exceptions and HTTP calls and nothing else; the events are the app's only.</summary>
    private static void AssertOnlyTheAppsOwn(AppRun run, params string[] unavoidable)
    {
        Assert.True(run.Result.ExitCode == 0, run.ToString());
        AssertTheAppSawOnlyItsOwn(run.Result.Lines, unavoidable);
        AssertOnlyAppEvents(run.Events);
        // The app's diagnostics and ours work: each saw the app's own HTTP calls.
        Assert.Contains(run.Events, e => (string?)e["event_type"] == "http_request");
    }

    /// <param name="unavoidable">Exception types of a real failure of the agent's (a refused connection): allowed to be seen, never as events.</param>
    private static void AssertTheAppSawOnlyItsOwn(IEnumerable<string> appLines, params string[] unavoidable)
    {
        var lines = appLines.ToList();
        var exceptions = lines.Where(l => l.StartsWith("first-chance: ", StringComparison.Ordinal)).ToList();
        Assert.True(exceptions.Any(l => l.Contains(OwnException, StringComparison.Ordinal)), "the app's handler saw none of its own exceptions:\n" + string.Join("\n", lines));
        var foreign = exceptions
            .Where(l => !l.Contains(OwnException, StringComparison.Ordinal))
            .Where(l => !unavoidable.Any(type => l.StartsWith($"first-chance: {type} |", StringComparison.Ordinal)))
            .ToList();
        Assert.True(foreign.Count == 0, "the app's first-chance handler saw exceptions it never threw:\n" + string.Join("\n", foreign));

        var http = lines.Where(l => l.StartsWith("diagnostic-http: ", StringComparison.Ordinal) || l.StartsWith("activity-http: ", StringComparison.Ordinal)).ToList();
        Assert.True(http.Any(l => l.StartsWith("diagnostic-http: ", StringComparison.Ordinal)), "the app's DiagnosticListener saw none of its own requests:\n" + string.Join("\n", lines));
        Assert.True(http.Any(l => l.StartsWith("activity-http: ", StringComparison.Ordinal)), "the app's ActivityListener saw none of its own requests:\n" + string.Join("\n", lines));
        var notTheApps = http.Where(l => !l.Contains("/round/", StringComparison.Ordinal)).ToList();
        Assert.True(notTheApps.Count == 0, "the app's HTTP diagnostics saw requests it never made:\n" + string.Join("\n", notTheApps));
    }

    /// <summary>Exception events are the app's own exception only; HTTP events its own calls only.</summary>
    private static void AssertOnlyAppEvents(IReadOnlyList<JsonNode> events)
    {
        var exceptionEvents = events.Where(e => ((string?)e["event_type"])?.StartsWith("exception_", StringComparison.Ordinal) == true).ToList();
        Assert.Contains(exceptionEvents, e => (string?)e["event_type"] == "exception_entry");
        var foreign = exceptionEvents.Where(e => (string?)e["error"]?["type"] != OwnException).Select(e => e.ToJsonString()).ToList();
        Assert.True(foreign.Count == 0, "exception events of exceptions the app never threw:\n" + string.Join("\n", foreign));

        var httpEvents = events.Where(e => (string?)e["event_type"] is "http_request" or "http_response").ToList();
        var notTheApps = httpEvents.Where(e => ((string?)e["http"]?["request"]?["url"])?.Contains("/round/", StringComparison.Ordinal) != true)
            .Select(e => e.ToJsonString()).ToList();
        Assert.True(notTheApps.Count == 0, "HTTP events of requests the app never made:\n" + string.Join("\n", notTheApps));
    }

    private static void AssertFunctionEvents(AppRun run)
        => Assert.Contains(run.Events, e => (string?)e["event_type"] == "function_entry" && (string?)e["function_name"] == "FirstChanceApp.Work.Fibonacci");

    [Fact]
    public void Profiler_mode_weaves_without_throwing_into_the_app()
    {
        var run = Run(Array.Empty<string>());

        AssertOnlyTheAppsOwn(run);
        AssertFunctionEvents(run); // load-time weaving (dnlib in the app's process) did happen
    }

    [Fact]
    public void Profiler_mode_exporting_otlp_keeps_its_requests_and_their_trace_context_to_itself()
    {
        using var receiver = new LoopbackOtlpReceiver();

        var run = Run(Array.Empty<string>(), "otlp", new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url });

        AssertOnlyTheAppsOwn(run);
        AssertFunctionEvents(run);
        var received = receiver.Received;
        Assert.Contains(received, r => r.Path == "/v1/traces");
        Assert.All(received, r => Assert.Null(r.Traceparent));
    }

    [Fact]
    public void Hook_only_with_cloud_detection_keeps_the_metadata_request_to_itself()
    {
        // Local evidence of GCP (the DMI product name) sends the agent to the metadata endpoint: a loopback fake here.
        using var metadata = new LoopbackOtlpReceiver();

        var run = Run(new[] { "--mode", "hook-only" }, environment: new()
        {
            ["DOTNET_TELEMETRY_CLOUD_DETECTION"] = "true",
            ["DOTNET_TELEMETRY_DMI_DIR"] = "{dir}/dmi",
            ["DOTNET_TELEMETRY_GCP_METADATA_ENDPOINT"] = metadata.Url + "/",
            ["DOTNET_TELEMETRY_CLOUD_TIMEOUT_MS"] = "5000",
            ["DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS"] = "10000",
        }, files: new() { ["dmi/product_name"] = "Google Compute Engine\n" });

        AssertOnlyTheAppsOwn(run);
        var request = Assert.Single(metadata.Received);
        Assert.Equal("/computeMetadata/v1/", request.Path);
        Assert.Null(request.Traceparent);
        Assert.Contains(run.Events, e => (string?)e["cloud"]?["provider"] == "gcp");
    }

    [Fact]
    public void Weave_mode_with_an_unreachable_otlp_receiver_reports_none_of_the_failures_as_the_apps()
    {
        var run = Run(new[] { "--mode", "weave" }, "otlp", new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = ClosedLoopback.TrimEnd('/') });

        // A refused connection is a real failure: the HTTP stack throws on its way to telling the exporter, and the
        // app's handler sees that (nothing can stop it); it must never become an app exception event.
        AssertOnlyTheAppsOwn(run, "System.Net.Sockets.SocketException", "System.Net.Http.HttpRequestException",
            "System.OperationCanceledException", "System.Threading.Tasks.TaskCanceledException");
        AssertFunctionEvents(run);
        Assert.Contains("cannot reach", run.Result.StandardError); // the export did fail
    }

    [Fact]
    public void Attach_throws_nothing_into_the_running_app()
    {
        // Started with no environment at all: its handlers are in place long before the agent arrives.
        using var app = new RunningApp(AppDll, "0");
        Assert.True(app.WaitForLine(l => l.StartsWith("round 1:", StringComparison.Ordinal), Timeout), string.Join("\n", app.Lines));

        // Long enough for the weaving to finish and the woven calls to be seen on a loaded machine.
        var result = ProcessRunner.Run("dotnet", new[] { Cli, "attach", app.Pid.ToString(), "--duration", "8" }, new Dictionary<string, string?>(), Timeout);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var events = result.Lines.Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Contains(events, e => (string?)e["event_type"] == "function_entry" && (string?)e["function_name"] == "FirstChanceApp.Work.Fibonacci");
        AssertOnlyAppEvents(events);
        AssertTheAppSawOnlyItsOwn(app.Lines);
    }
}
