using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>Resource blocks as a real process detects them: Kubernetes from temp files, the cloud from a loopback fake.</summary>
public class ResourceDetectionTests
{
    [Fact]
    public void Kubernetes_environment_and_extra_attributes_reach_every_event()
    {
        using var agent = new AgentEnvironment();
        string k8s = Path.Combine(agent.Directory, "k8s");
        Directory.CreateDirectory(Path.Combine(k8s, "cgroup"));
        File.WriteAllText(Path.Combine(k8s, "namespace"), "shop\n");
        File.WriteAllText(Path.Combine(k8s, "labels"), "app=\"console\"\ntier=\"backend\"\n");
        File.WriteAllText(Path.Combine(k8s, "cgroup", "cgroup.controllers"), "cpu memory\n");
        File.WriteAllText(Path.Combine(k8s, "cgroup", "cpu.max"), "150000 100000\n");
        File.WriteAllText(Path.Combine(k8s, "cgroup", "memory.max"), "536870912\n");

        var result = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent(
            ("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
            ("K8S_POD_NAME", "console-7d9c5b8f6d-q2w3e"),
            ("K8S_NODE_NAME", "node-a"),
            ("DOTNET_TELEMETRY_K8S_NAMESPACE_FILE", Path.Combine(k8s, "namespace")),
            ("DOTNET_TELEMETRY_K8S_LABELS_FILE", Path.Combine(k8s, "labels")),
            ("DOTNET_TELEMETRY_CGROUP_ROOT", Path.Combine(k8s, "cgroup")),
            ("DOTNET_ENVIRONMENT", "Staging"),
            ("OTEL_RESOURCE_ATTRIBUTES", "service.version=9.9.9,team=checkout")));

        Assert.Equal(0, result.ExitCode);
        var log = agent.ReadEvents();
        SchemaCheck.AllValid(log);
        Assert.All(log.Events, e =>
        {
            Assert.Equal("shop", e.Str("k8s", "namespace_name"));
            Assert.Equal("console-7d9c5b8f6d-q2w3e", e.Str("k8s", "pod_name"));
            Assert.Equal("console", e.Str("k8s", "deployment_name"));
            Assert.Equal("node-a", e.Str("k8s", "node_name"));
            Assert.Equal("backend", e.Str("k8s", "pod_labels", "tier"));
            Assert.Equal("1.5", e.Str("k8s", "cpu_limit"));
            Assert.Equal("536870912", e.Str("k8s", "memory_limit"));
            Assert.Equal("Staging", e.Str("environment"));
            Assert.Equal("9.9.9", e.Str("service", "version"));
            Assert.Equal("checkout", e.Str("resource", "attributes", "team"));
        });
    }

    [Fact]
    public void Cloud_metadata_is_asked_of_the_configured_endpoint_only_on_local_evidence()
    {
        using var agent = new AgentEnvironment();
        using var metadata = new LoopbackMetadataServer(
            """{"project":{"projectId":"shop-prod"},"instance":{"id":"1234","zone":"projects/1/zones/europe-west1-b","machineType":"projects/1/machineTypes/e2-small"}}""");
        string dmi = Path.Combine(agent.Directory, "dmi");
        Directory.CreateDirectory(dmi);
        File.WriteAllText(Path.Combine(dmi, "product_name"), "Google Compute Engine\n");

        var result = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent(
            ("DOTNET_TELEMETRY_CLOUD_DETECTION", "true"),
            ("DOTNET_TELEMETRY_DMI_DIR", dmi),
            ("DOTNET_TELEMETRY_GCP_METADATA_ENDPOINT", metadata.Url),
            // A cold process JITs its first HTTP request: generous here, so a loaded test machine cannot fail it.
            ("DOTNET_TELEMETRY_CLOUD_TIMEOUT_MS", "5000"),
            // The exit waits for the answer (half this budget at most), so even a short run reports its cloud.
            ("DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS", "10000")));

        Assert.Equal(0, result.ExitCode);
        var log = agent.ReadEvents();
        SchemaCheck.AllValid(log);
        // Events do not wait for the metadata answer: the cloud block is on every event once it is known,
        // and at the latest on the final agent_status, since the exit waits for a pending answer.
        int firstWithCloud = log.Events.ToList().FindIndex(e => e.Has("cloud"));
        Assert.True(firstWithCloud >= 0, "no event has the cloud block");
        Assert.All(log.Events.Skip(firstWithCloud), e => Assert.True(e.Has("cloud")));
        var first = log.Events[firstWithCloud];
        Assert.Equal("gcp", first.Str("cloud", "provider"));
        Assert.Equal("gcp_compute_engine", first.Str("cloud", "platform"));
        Assert.Equal("europe-west1", first.Str("cloud", "region"));
        Assert.Equal("europe-west1-b", first.Str("cloud", "availability_zone"));
        Assert.Equal("shop-prod", first.Str("cloud", "account_id"));
        Assert.Equal("e2-small", first.Str("cloud", "machine_type"));
        Assert.Equal("GET /computeMetadata/v1/?recursive=true Metadata-Flavor=Google", Assert.Single(metadata.Requests));
        // The agent's own metadata request is not the app's: the only HTTP events are the sample's own call.
        Assert.All(log.OfType("http_request"), e => Assert.Contains("/hello", e.Str("http", "request", "url")));
    }

    [Fact]
    public void Without_local_evidence_no_metadata_request_is_made()
    {
        using var agent = new AgentEnvironment();
        using var metadata = new LoopbackMetadataServer("{}");
        var result = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.WithAgent(
            ("DOTNET_TELEMETRY_CLOUD_DETECTION", "true"),
            ("DOTNET_TELEMETRY_DMI_DIR", Path.Combine(agent.Directory, "empty-dmi")),
            ("DOTNET_TELEMETRY_AWS_METADATA_ENDPOINT", metadata.Url),
            ("DOTNET_TELEMETRY_GCP_METADATA_ENDPOINT", metadata.Url),
            ("DOTNET_TELEMETRY_AZURE_METADATA_ENDPOINT", metadata.Url)));

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(metadata.Requests);
        Assert.False(agent.ReadEvents().Events[0].Has("cloud"));
    }
}
