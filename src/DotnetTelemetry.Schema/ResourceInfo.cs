namespace DotnetTelemetry.Schema;

/// <summary>
/// What is true of the whole process: detected once, off the app's threads, and shared by every event.
/// Null members are omitted from the output.
/// </summary>
public sealed class ResourceInfo
{
    public ServiceInfo Service { get; set; } = new();
    public HostInfo Host { get; set; } = new();
    public CloudInfo? Cloud { get; set; }
    public KubernetesInfo? Kubernetes { get; set; }
    public RuntimeResourceInfo Runtime { get; set; } = new();
    public ProcessInfo Process { get; set; } = new();
    /// <summary>The <c>environment</c> field (deployment environment), e.g. "prod".</summary>
    public string? Environment { get; set; }
    /// <summary>Extra attributes from OTEL_RESOURCE_ATTRIBUTES that have no field of their own.</summary>
    public List<KeyValuePair<string, string>> ExtraAttributes { get; } = new();
}

public sealed class ServiceInfo
{
    public string Name { get; set; } = "unknown_service";
    public string? Version { get; set; }
    public string? Namespace { get; set; }
    public string? InstanceId { get; set; }
}

public sealed class HostInfo
{
    public string? Name { get; set; }
    /// <summary>The host's main private IP.</summary>
    public string? Ip { get; set; }
    public string? PublicIp { get; set; }
}

public sealed class CloudInfo
{
    /// <summary>aws, gcp, azure.</summary>
    public string? Provider { get; set; }
    public string? Platform { get; set; }
    public string? Region { get; set; }
    public string? AvailabilityZone { get; set; }
    public string? AccountId { get; set; }
    public string? InstanceId { get; set; }
    public string? MachineType { get; set; }
}

public sealed class KubernetesInfo
{
    public string? ClusterName { get; set; }
    public string? NamespaceName { get; set; }
    public string? PodName { get; set; }
    public string? PodUid { get; set; }
    public List<KeyValuePair<string, string>> PodLabels { get; } = new();
    public string? DeploymentName { get; set; }
    public string? ServiceAccountName { get; set; }
    public string? NodeName { get; set; }
    public string? ContainerName { get; set; }
    /// <summary>CPU in cores (e.g. 0.5), memory in bytes.</summary>
    public double? CpuRequest { get; set; }
    public double? CpuLimit { get; set; }
    public long? MemoryRequest { get; set; }
    public long? MemoryLimit { get; set; }
}

/// <summary>The seed's <c>resource</c> block.</summary>
public sealed class RuntimeResourceInfo
{
    public string RuntimeName { get; set; } = ".NET";
    public string? RuntimeVersion { get; set; }
    /// <summary>linux, windows, darwin.</summary>
    public string? OsType { get; set; }
    public string TelemetrySdkName { get; set; } = "dotnet-telemetry";
    public string? TelemetrySdkVersion { get; set; }
}

public sealed class ProcessInfo
{
    public int Pid { get; set; }
    public string? Executable { get; set; }
    /// <summary>With secret-looking arguments redacted.</summary>
    public string? CommandLine { get; set; }
}
