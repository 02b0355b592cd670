using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Resources;

namespace DotnetTelemetry.Agent.Tests;

public class KubernetesDetectorTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    private static ResourceDetectionOptions Options(TempDirectory dir) => new()
    {
        KubernetesNamespaceFile = dir.Combine("sa/namespace"),
        KubernetesLabelsFile = dir.Combine("podinfo/labels"),
        CgroupRoot = dir.Combine("cgroup"),
        DmiDirectory = dir.Combine("dmi"),
    };

    [Fact]
    public void Outside_kubernetes_there_is_no_block()
    {
        using var dir = new TempDirectory();
        Assert.Null(new KubernetesDetector(Options(dir), Env(("HOSTNAME", "laptop"))).Detect());
    }

    [Fact]
    public void Reads_downward_api_variables_files_and_cgroup_v2_limits()
    {
        using var dir = new TempDirectory();
        dir.File("sa/namespace", "payments\n");
        dir.File("podinfo/labels", "app=\"orders\"\npod-template-hash=\"5d4f8c7b9\"\nnote=\"say \\\"hi\\\"\"\n");
        dir.File("cgroup/cgroup.controllers", "cpu memory");
        dir.File("cgroup/cpu.max", "50000 100000\n");
        dir.File("cgroup/memory.max", "268435456\n");

        var info = new KubernetesDetector(Options(dir), Env(
            ("KUBERNETES_SERVICE_HOST", "10.0.0.1"),
            ("K8S_POD_NAME", "orders-5d4f8c7b9-x2x7q"),
            ("K8S_POD_UID", "1234-abcd"),
            ("K8S_NODE_NAME", "node-3"),
            ("K8S_CONTAINER_NAME", "orders"),
            ("K8S_CPU_REQUEST", "250m"),
            ("K8S_MEMORY_REQUEST", "128Mi"))).Detect();

        Assert.NotNull(info);
        Assert.Equal("payments", info!.NamespaceName);
        Assert.Equal("orders-5d4f8c7b9-x2x7q", info.PodName);
        Assert.Equal("orders", info.DeploymentName);
        Assert.Equal("1234-abcd", info.PodUid);
        Assert.Equal("node-3", info.NodeName);
        Assert.Equal("orders", info.ContainerName);
        Assert.Equal(0.25, info.CpuRequest);
        Assert.Equal(128L * 1024 * 1024, info.MemoryRequest);
        Assert.Equal(0.5, info.CpuLimit);
        Assert.Equal(268435456L, info.MemoryLimit);
        Assert.Contains(new KeyValuePair<string, string>("app", "orders"), info.PodLabels);
        Assert.Contains(new KeyValuePair<string, string>("note", "say \"hi\""), info.PodLabels);
    }

    [Fact]
    public void Namespace_variable_wins_over_the_file_and_unlimited_v2_reads_as_no_limit()
    {
        using var dir = new TempDirectory();
        dir.File("sa/namespace", "from-file");
        dir.File("cgroup/cpu.max", "max 100000");
        dir.File("cgroup/memory.max", "max");
        var info = new KubernetesDetector(Options(dir), Env(("POD_NAMESPACE", "from-env"))).Detect();
        Assert.Equal("from-env", info!.NamespaceName);
        Assert.Null(info.CpuLimit);
        Assert.Null(info.MemoryLimit);
    }

    [Fact]
    public void Reads_cgroup_v1_limits()
    {
        using var dir = new TempDirectory();
        dir.File("cgroup/cpu,cpuacct/cpu.cfs_quota_us", "200000");
        dir.File("cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000");
        dir.File("cgroup/memory/memory.limit_in_bytes", "536870912");
        var limits = CgroupLimits.Read(dir.Combine("cgroup"));
        Assert.Equal(2.0, limits.CpuCores);
        Assert.Equal(536870912L, limits.MemoryBytes);
    }

    [Fact]
    public void Cgroup_v1_without_limits()
    {
        using var dir = new TempDirectory();
        dir.File("cgroup/cpu/cpu.cfs_quota_us", "-1");
        dir.File("cgroup/cpu/cpu.cfs_period_us", "100000");
        dir.File("cgroup/memory/memory.limit_in_bytes", "9223372036854771712");
        var limits = CgroupLimits.Read(dir.Combine("cgroup"));
        Assert.Null(limits.CpuCores);
        Assert.Null(limits.MemoryBytes);
    }

    [Theory]
    [InlineData("500m", 0.5)]
    [InlineData("2", 2.0)]
    [InlineData("1.5", 1.5)]
    public void Cpu_quantities(string text, double cores) => Assert.Equal(cores, KubernetesQuantity.ParseCpu(text));

    [Theory]
    [InlineData("1Gi", 1073741824L)]
    [InlineData("64Mi", 67108864L)]
    [InlineData("1G", 1000000000L)]
    [InlineData("5000", 5000L)]
    public void Memory_quantities(string text, long bytes) => Assert.Equal(bytes, KubernetesQuantity.ParseMemory(text));

    [Theory]
    [InlineData("web-7c9d8f6b5-abcde", "web")]
    [InlineData("my-api-5d4f8c7b9-x2x7q", "my-api")]
    [InlineData("standalone", null)]
    [InlineData("statefulset-0", null)]
    public void Deployment_from_pod_name(string pod, string? deployment)
        => Assert.Equal(deployment, KubernetesDetector.DeploymentFromPodName(pod));
}
