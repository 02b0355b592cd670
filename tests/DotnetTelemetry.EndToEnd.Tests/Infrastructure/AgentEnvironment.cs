namespace DotnetTelemetry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The environment that runs an app under the real startup hook, writing events to a file. Resource detection is
/// fenced in: DMI files, Kubernetes files and cgroups point into an empty temp folder and every cloud metadata
/// endpoint at a closed loopback port, so nothing a test runs can ever reach a real metadata address.
/// </summary>
public sealed class AgentEnvironment : IDisposable
{
    public AgentEnvironment()
    {
        Directory = Path.Combine(Path.GetTempPath(), "dt-e2e-" + Guid.NewGuid().ToString("n"));
        System.IO.Directory.CreateDirectory(Directory);
        EventsFile = Path.Combine(Directory, "events.ndjson");
    }

    /// <summary>A temp folder of this test's own (deleted on dispose).</summary>
    public string Directory { get; }

    /// <summary>Where the agent writes events (<c>DOTNET_TELEMETRY_OUTPUT=file:...</c>).</summary>
    public string EventsFile { get; }

    /// <summary>The variables without the startup hook: what a run "without the agent" gets too, so the only difference is the hook.</summary>
    public Dictionary<string, string?> Fence()
    {
        string nowhere = Path.Combine(Directory, "nowhere");
        const string closedLoopback = "http://127.0.0.1:9/";
        return new Dictionary<string, string?>
        {
            ["DOTNET_TELEMETRY_DMI_DIR"] = nowhere,
            ["DOTNET_TELEMETRY_CGROUP_ROOT"] = nowhere,
            ["DOTNET_TELEMETRY_K8S_NAMESPACE_FILE"] = Path.Combine(nowhere, "namespace"),
            ["DOTNET_TELEMETRY_K8S_LABELS_FILE"] = Path.Combine(nowhere, "labels"),
            ["DOTNET_TELEMETRY_AWS_METADATA_ENDPOINT"] = closedLoopback,
            ["DOTNET_TELEMETRY_GCP_METADATA_ENDPOINT"] = closedLoopback,
            ["DOTNET_TELEMETRY_AZURE_METADATA_ENDPOINT"] = closedLoopback,
            ["DOTNET_TELEMETRY_CLOUD_DETECTION"] = "false",
        };
    }

    /// <summary>The agent switched on: startup hook plus file output, on top of <see cref="Fence"/>.</summary>
    public Dictionary<string, string?> WithAgent(params (string Name, string? Value)[] extra)
    {
        var environment = Fence();
        environment["DOTNET_STARTUP_HOOKS"] = Artifacts.StartupHook;
        environment["DOTNET_TELEMETRY_OUTPUT"] = "file:" + EventsFile;
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }
        return environment;
    }

    public EventLog ReadEvents() => EventLog.Read(EventsFile);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
