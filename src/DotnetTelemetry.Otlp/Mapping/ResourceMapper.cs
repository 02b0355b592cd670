using DotnetTelemetry.Otlp.Model;
using DotnetTelemetry.Otlp.Wire;
using DotnetTelemetry.Schema;
using static DotnetTelemetry.Otlp.Mapping.SemanticConventions;

namespace DotnetTelemetry.Otlp.Mapping;

/// <summary>Turns the process's <see cref="ResourceInfo"/> into OTLP resource attributes (semconv names).</summary>
internal static class ResourceMapper
{
    public const string ScopeName = "dotnet-telemetry";
    public const string SdkName = "dotnet-telemetry";
    public const string SdkLanguage = "dotnet";

    /// <summary>Our own version, used as the scope version and the default telemetry.sdk.version.</summary>
    public static string OwnVersion { get; } =
        typeof(ResourceMapper).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static ResourceSnapshot Snapshot(ResourceInfo? resource) =>
        new(Attributes(resource ?? new ResourceInfo()), ScopeName, OwnVersion);

    public static OtlpAttributes Attributes(ResourceInfo resource)
    {
        var attributes = new OtlpAttributes();
        var service = resource.Service;
        attributes.Add(ServiceName, string.IsNullOrEmpty(service.Name) ? "unknown_service" : service.Name);
        attributes.AddIfPresent(ServiceVersion, service.Version);
        attributes.AddIfPresent(ServiceNamespace, service.Namespace);
        attributes.AddIfPresent(ServiceInstanceId, service.InstanceId);
        attributes.AddIfPresent(DeploymentEnvironmentName, resource.Environment);

        attributes.AddIfPresent(HostName, resource.Host.Name);
        var ips = new[] { resource.Host.Ip, resource.Host.PublicIp }
            .Where(ip => !string.IsNullOrEmpty(ip)).Select(ip => ip!).Distinct().ToArray();
        if (ips.Length > 0) attributes.Add(HostIp, OtlpValue.OfStrings(ips));

        var process = resource.Process;
        if (process.Pid > 0) attributes.Add(ProcessPid, (long)process.Pid);
        attributes.AddIfPresent(ProcessExecutablePath, process.Executable);
        attributes.AddIfPresent(ProcessCommandLine, process.CommandLine);

        var runtime = resource.Runtime;
        attributes.AddIfPresent(ProcessRuntimeName, runtime.RuntimeName);
        attributes.AddIfPresent(ProcessRuntimeVersion, runtime.RuntimeVersion);
        attributes.AddIfPresent(OsType, runtime.OsType);

        AddCloud(attributes, resource.Cloud);
        AddKubernetes(attributes, resource.Kubernetes);

        attributes.Add(TelemetrySdkName, SdkName);
        attributes.Add(TelemetrySdkVersion, string.IsNullOrEmpty(runtime.TelemetrySdkVersion) ? OwnVersion : runtime.TelemetrySdkVersion);
        attributes.Add(TelemetrySdkLanguage, SdkLanguage);

        // OTEL_RESOURCE_ATTRIBUTES extras come last and never override what we detected.
        foreach (var (key, value) in resource.ExtraAttributes)
        {
            if (!string.IsNullOrEmpty(key) && attributes.All(a => a.Key != key)) attributes.Add(key, value);
        }
        return attributes;
    }

    private static void AddCloud(OtlpAttributes attributes, CloudInfo? cloud)
    {
        if (cloud is null) return;
        attributes.AddIfPresent(CloudProvider, cloud.Provider);
        attributes.AddIfPresent(CloudPlatform, cloud.Platform);
        attributes.AddIfPresent(CloudRegion, cloud.Region);
        attributes.AddIfPresent(CloudAvailabilityZone, cloud.AvailabilityZone);
        attributes.AddIfPresent(CloudAccountId, cloud.AccountId);
        attributes.AddIfPresent(HostId, cloud.InstanceId);
        attributes.AddIfPresent(HostType, cloud.MachineType);
    }

    private static void AddKubernetes(OtlpAttributes attributes, KubernetesInfo? k8s)
    {
        if (k8s is null) return;
        attributes.AddIfPresent(K8sClusterName, k8s.ClusterName);
        attributes.AddIfPresent(K8sNamespaceName, k8s.NamespaceName);
        attributes.AddIfPresent(K8sPodName, k8s.PodName);
        attributes.AddIfPresent(K8sPodUid, k8s.PodUid);
        attributes.AddIfPresent(K8sDeploymentName, k8s.DeploymentName);
        attributes.AddIfPresent(K8sNodeName, k8s.NodeName);
        attributes.AddIfPresent(K8sContainerName, k8s.ContainerName);
        foreach (var (key, value) in k8s.PodLabels)
        {
            if (!string.IsNullOrEmpty(key)) attributes.Add(K8sPodLabelPrefix + key, value);
        }
    }
}
