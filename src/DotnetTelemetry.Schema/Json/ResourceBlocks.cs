using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DotnetTelemetry.Schema;

/// <summary>
/// The per-process blocks of one <see cref="ResourceInfo"/> (service, host, cloud, k8s, resource, process,
/// environment), encoded to UTF-8 JSON once. They repeat on every event, so the writer copies these bytes
/// instead of encoding the same strings again. Empty blocks are left out, never written as <c>{}</c>.
/// </summary>
internal sealed class ResourceBlocks
{
    private static readonly JsonWriterOptions Options = new()
    {
        // The same escaping as JsonLineBuilder, so the whole line reads alike.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public ResourceBlocks(ResourceInfo resource)
    {
        Source = resource;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            Block(json, JsonNames.Service, resource.Service, WriteService);
            Block(json, JsonNames.Host, resource.Host, WriteHost);
            Block(json, JsonNames.Cloud, resource.Cloud, WriteCloud);
            Block(json, JsonNames.K8s, resource.Kubernetes, WriteKubernetes);
            Block(json, JsonNames.Resource, resource, WriteRuntime);
            Block(json, JsonNames.Process, resource.Process, WriteProcess);
            if (resource.Environment is { } environment) json.WriteString(JsonNames.Environment, environment);
            json.WriteEndObject();
        }
        // {"service":{...},...} becomes ,"service":{...},... to follow the event's last member.
        var members = buffer.WrittenSpan[1..^1];
        Tail = members.IsEmpty ? Array.Empty<byte>() : [(byte)',', .. members];
    }

    /// <summary>The instance these bytes were encoded from.</summary>
    public ResourceInfo Source { get; }

    /// <summary>The blocks as object members, each preceded by a comma.</summary>
    public byte[] Tail { get; }

    /// <summary>Writes one block, or nothing when it is absent or would be an empty object.</summary>
    private static void Block<T>(Utf8JsonWriter json, JsonEncodedText name, T? block, Action<Utf8JsonWriter, T> writeMembers) where T : class
    {
        if (block is null) return;
        var scratch = new ArrayBufferWriter<byte>(256);
        using (var inner = new Utf8JsonWriter(scratch, Options))
        {
            inner.WriteStartObject();
            writeMembers(inner, block);
            inner.WriteEndObject();
        }
        if (scratch.WrittenCount <= 2) return; // "{}"
        json.WritePropertyName(name);
        json.WriteRawValue(scratch.WrittenSpan, skipInputValidation: true);
    }

    private static void WriteService(Utf8JsonWriter json, ServiceInfo service)
    {
        OptionalString(json, JsonNames.Name, service.Name);
        OptionalString(json, JsonNames.Version, service.Version);
        OptionalString(json, JsonNames.Namespace, service.Namespace);
        OptionalString(json, JsonNames.InstanceId, service.InstanceId);
    }

    private static void WriteHost(Utf8JsonWriter json, HostInfo host)
    {
        OptionalString(json, JsonNames.Name, host.Name);
        OptionalString(json, JsonNames.Ip, host.Ip);
        OptionalString(json, JsonNames.PublicIp, host.PublicIp);
    }

    private static void WriteCloud(Utf8JsonWriter json, CloudInfo cloud)
    {
        OptionalString(json, JsonNames.Provider, cloud.Provider);
        OptionalString(json, JsonNames.Platform, cloud.Platform);
        OptionalString(json, JsonNames.Region, cloud.Region);
        OptionalString(json, JsonNames.AvailabilityZone, cloud.AvailabilityZone);
        OptionalString(json, JsonNames.AccountId, cloud.AccountId);
        OptionalString(json, JsonNames.InstanceId, cloud.InstanceId);
        OptionalString(json, JsonNames.MachineType, cloud.MachineType);
    }

    private static void WriteKubernetes(Utf8JsonWriter json, KubernetesInfo k8s)
    {
        OptionalString(json, JsonNames.ClusterName, k8s.ClusterName);
        OptionalString(json, JsonNames.NamespaceName, k8s.NamespaceName);
        OptionalString(json, JsonNames.PodName, k8s.PodName);
        OptionalString(json, JsonNames.PodUid, k8s.PodUid);
        if (k8s.PodLabels.Count > 0)
        {
            json.WriteStartObject(JsonNames.PodLabels);
            foreach (var (key, value) in k8s.PodLabels) json.WriteString(key ?? "", value ?? "");
            json.WriteEndObject();
        }
        OptionalString(json, JsonNames.DeploymentName, k8s.DeploymentName);
        OptionalString(json, JsonNames.ServiceAccountName, k8s.ServiceAccountName);
        OptionalString(json, JsonNames.NodeName, k8s.NodeName);
        OptionalString(json, JsonNames.ContainerName, k8s.ContainerName);
        if (k8s.CpuRequest is { } cpuRequest && double.IsFinite(cpuRequest)) json.WriteNumber(JsonNames.CpuRequest, cpuRequest);
        if (k8s.CpuLimit is { } cpuLimit && double.IsFinite(cpuLimit)) json.WriteNumber(JsonNames.CpuLimit, cpuLimit);
        if (k8s.MemoryRequest is { } memoryRequest) json.WriteNumber(JsonNames.MemoryRequest, memoryRequest);
        if (k8s.MemoryLimit is { } memoryLimit) json.WriteNumber(JsonNames.MemoryLimit, memoryLimit);
    }

    private static void WriteRuntime(Utf8JsonWriter json, ResourceInfo resource)
    {
        if (resource.Runtime is { } runtime)
        {
            OptionalString(json, JsonNames.RuntimeName, runtime.RuntimeName);
            OptionalString(json, JsonNames.RuntimeVersion, runtime.RuntimeVersion);
            OptionalString(json, JsonNames.OsType, runtime.OsType);
            OptionalString(json, JsonNames.TelemetrySdkName, runtime.TelemetrySdkName);
            OptionalString(json, JsonNames.TelemetrySdkVersion, runtime.TelemetrySdkVersion);
        }
        // OTEL_RESOURCE_ATTRIBUTES entries without a field of their own.
        if (resource.ExtraAttributes.Count > 0)
        {
            json.WriteStartObject(JsonNames.Attributes);
            foreach (var (key, value) in resource.ExtraAttributes) json.WriteString(key ?? "", value ?? "");
            json.WriteEndObject();
        }
    }

    private static void WriteProcess(Utf8JsonWriter json, ProcessInfo process)
    {
        if (process.Pid > 0) json.WriteNumber(JsonNames.Pid, process.Pid);
        OptionalString(json, JsonNames.Executable, process.Executable);
        OptionalString(json, JsonNames.CommandLine, process.CommandLine);
    }

    private static void OptionalString(Utf8JsonWriter json, JsonEncodedText name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }
}
