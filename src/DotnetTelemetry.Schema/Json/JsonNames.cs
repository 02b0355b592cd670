using System.Text.Json;

namespace DotnetTelemetry.Schema;

/// <summary>Property names of the per-process blocks, encoded once (the event itself is laid out from UTF-8 literals).</summary>
internal static class JsonNames
{
    public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText Attributes = JsonEncodedText.Encode("attributes");
    public static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
    public static readonly JsonEncodedText Namespace = JsonEncodedText.Encode("namespace");
    public static readonly JsonEncodedText InstanceId = JsonEncodedText.Encode("instance_id");
    public static readonly JsonEncodedText Host = JsonEncodedText.Encode("host");
    public static readonly JsonEncodedText Ip = JsonEncodedText.Encode("ip");
    public static readonly JsonEncodedText PublicIp = JsonEncodedText.Encode("public_ip");
    public static readonly JsonEncodedText Cloud = JsonEncodedText.Encode("cloud");
    public static readonly JsonEncodedText Provider = JsonEncodedText.Encode("provider");
    public static readonly JsonEncodedText Platform = JsonEncodedText.Encode("platform");
    public static readonly JsonEncodedText Region = JsonEncodedText.Encode("region");
    public static readonly JsonEncodedText AvailabilityZone = JsonEncodedText.Encode("availability_zone");
    public static readonly JsonEncodedText AccountId = JsonEncodedText.Encode("account_id");
    public static readonly JsonEncodedText MachineType = JsonEncodedText.Encode("machine_type");
    public static readonly JsonEncodedText K8s = JsonEncodedText.Encode("k8s");
    public static readonly JsonEncodedText ClusterName = JsonEncodedText.Encode("cluster_name");
    public static readonly JsonEncodedText NamespaceName = JsonEncodedText.Encode("namespace_name");
    public static readonly JsonEncodedText PodName = JsonEncodedText.Encode("pod_name");
    public static readonly JsonEncodedText PodUid = JsonEncodedText.Encode("pod_uid");
    public static readonly JsonEncodedText PodLabels = JsonEncodedText.Encode("pod_labels");
    public static readonly JsonEncodedText DeploymentName = JsonEncodedText.Encode("deployment_name");
    public static readonly JsonEncodedText ServiceAccountName = JsonEncodedText.Encode("service_account_name");
    public static readonly JsonEncodedText NodeName = JsonEncodedText.Encode("node_name");
    public static readonly JsonEncodedText ContainerName = JsonEncodedText.Encode("container_name");
    public static readonly JsonEncodedText CpuRequest = JsonEncodedText.Encode("cpu_request");
    public static readonly JsonEncodedText CpuLimit = JsonEncodedText.Encode("cpu_limit");
    public static readonly JsonEncodedText MemoryRequest = JsonEncodedText.Encode("memory_request");
    public static readonly JsonEncodedText MemoryLimit = JsonEncodedText.Encode("memory_limit");
    public static readonly JsonEncodedText Resource = JsonEncodedText.Encode("resource");
    public static readonly JsonEncodedText RuntimeName = JsonEncodedText.Encode("runtime_name");
    public static readonly JsonEncodedText RuntimeVersion = JsonEncodedText.Encode("runtime_version");
    public static readonly JsonEncodedText OsType = JsonEncodedText.Encode("os_type");
    public static readonly JsonEncodedText TelemetrySdkName = JsonEncodedText.Encode("telemetry_sdk_name");
    public static readonly JsonEncodedText TelemetrySdkVersion = JsonEncodedText.Encode("telemetry_sdk_version");
    public static readonly JsonEncodedText Process = JsonEncodedText.Encode("process");
    public static readonly JsonEncodedText Pid = JsonEncodedText.Encode("pid");
    public static readonly JsonEncodedText Executable = JsonEncodedText.Encode("executable");
    public static readonly JsonEncodedText CommandLine = JsonEncodedText.Encode("command_line");
    public static readonly JsonEncodedText Environment = JsonEncodedText.Encode("environment");
}
