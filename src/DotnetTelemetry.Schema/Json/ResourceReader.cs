using System.Text.Json;
using static DotnetTelemetry.Schema.TelemetryEventReader;

namespace DotnetTelemetry.Schema;

/// <summary>Reads the per-process blocks of an event back into a <see cref="ResourceInfo"/>.</summary>
internal static class ResourceReader
{
    private static readonly string[] BlockNames = { "service", "host", "cloud", "k8s", "resource", "process", "environment" };

    /// <summary>Null when the event carries none of the per-process blocks.</summary>
    public static ResourceInfo? Read(JsonElement root)
    {
        if (!BlockNames.Any(name => Optional(root, name) is not null)) return null;

        var resource = new ResourceInfo { Environment = OptionalString(root, "environment") };
        if (Optional(root, "service") is { } service)
        {
            Object(service, "service");
            resource.Service = new ServiceInfo
            {
                Name = OptionalString(service, "name", "service.name") ?? resource.Service.Name,
                Version = OptionalString(service, "version", "service.version"),
                Namespace = OptionalString(service, "namespace", "service.namespace"),
                InstanceId = OptionalString(service, "instance_id", "service.instance_id"),
            };
        }
        if (Optional(root, "host") is { } host)
        {
            Object(host, "host");
            resource.Host = new HostInfo
            {
                Name = OptionalString(host, "name", "host.name"),
                Ip = OptionalString(host, "ip", "host.ip"),
                PublicIp = OptionalString(host, "public_ip", "host.public_ip"),
            };
        }
        if (Optional(root, "cloud") is { } cloud)
        {
            Object(cloud, "cloud");
            resource.Cloud = new CloudInfo
            {
                Provider = OptionalString(cloud, "provider", "cloud.provider"),
                Platform = OptionalString(cloud, "platform", "cloud.platform"),
                Region = OptionalString(cloud, "region", "cloud.region"),
                AvailabilityZone = OptionalString(cloud, "availability_zone", "cloud.availability_zone"),
                AccountId = OptionalString(cloud, "account_id", "cloud.account_id"),
                InstanceId = OptionalString(cloud, "instance_id", "cloud.instance_id"),
                MachineType = OptionalString(cloud, "machine_type", "cloud.machine_type"),
            };
        }
        if (Optional(root, "k8s") is { } k8s) resource.Kubernetes = ReadKubernetes(Object(k8s, "k8s"));
        if (Optional(root, "resource") is { } runtime)
        {
            Object(runtime, "resource");
            resource.Runtime = new RuntimeResourceInfo
            {
                RuntimeName = OptionalString(runtime, "runtime_name", "resource.runtime_name") ?? resource.Runtime.RuntimeName,
                RuntimeVersion = OptionalString(runtime, "runtime_version", "resource.runtime_version"),
                OsType = OptionalString(runtime, "os_type", "resource.os_type"),
                TelemetrySdkName = OptionalString(runtime, "telemetry_sdk_name", "resource.telemetry_sdk_name") ?? resource.Runtime.TelemetrySdkName,
                TelemetrySdkVersion = OptionalString(runtime, "telemetry_sdk_version", "resource.telemetry_sdk_version"),
            };
            ReadStringMap(runtime, "attributes", "resource.attributes", resource.ExtraAttributes);
        }
        if (Optional(root, "process") is { } process)
        {
            Object(process, "process");
            resource.Process = new ProcessInfo
            {
                Pid = Optional(process, "pid") is { } pid ? Pid(pid) : 0,
                Executable = OptionalString(process, "executable", "process.executable"),
                CommandLine = OptionalString(process, "command_line", "process.command_line"),
            };
        }
        return resource;
    }

    private static int Pid(JsonElement element)
    {
        var pid = Int64(element, "process.pid");
        return pid is > 0 and <= int.MaxValue ? (int)pid : throw Invalid("process.pid", $"{pid} is not a process id");
    }

    private static KubernetesInfo ReadKubernetes(JsonElement k8s)
    {
        var info = new KubernetesInfo
        {
            ClusterName = OptionalString(k8s, "cluster_name", "k8s.cluster_name"),
            NamespaceName = OptionalString(k8s, "namespace_name", "k8s.namespace_name"),
            PodName = OptionalString(k8s, "pod_name", "k8s.pod_name"),
            PodUid = OptionalString(k8s, "pod_uid", "k8s.pod_uid"),
            DeploymentName = OptionalString(k8s, "deployment_name", "k8s.deployment_name"),
            ServiceAccountName = OptionalString(k8s, "service_account_name", "k8s.service_account_name"),
            NodeName = OptionalString(k8s, "node_name", "k8s.node_name"),
            ContainerName = OptionalString(k8s, "container_name", "k8s.container_name"),
            CpuRequest = Optional(k8s, "cpu_request") is { } cpuRequest ? Double(cpuRequest, "k8s.cpu_request") : null,
            CpuLimit = Optional(k8s, "cpu_limit") is { } cpuLimit ? Double(cpuLimit, "k8s.cpu_limit") : null,
            MemoryRequest = Optional(k8s, "memory_request") is { } memoryRequest ? Int64(memoryRequest, "k8s.memory_request") : null,
            MemoryLimit = Optional(k8s, "memory_limit") is { } memoryLimit ? Int64(memoryLimit, "k8s.memory_limit") : null,
        };
        ReadStringMap(k8s, "pod_labels", "k8s.pod_labels", info.PodLabels);
        return info;
    }
}
