using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Resources;

/// <summary>
/// Detects the per-process resource blocks once, off the app's threads: the local blocks first (events wait
/// for them), then the cloud block, which may ask a metadata endpoint (events do not wait for it). Each detector
/// is independent: one that fails leaves its block empty and the rest still fill theirs.
/// </summary>
internal sealed class ResourceDetector
{
    private readonly AgentConfig _config;
    private readonly Func<string, string?> _getVariable;
    private readonly CloudDetector _cloud;

    public ResourceDetector(AgentConfig config, Func<string, string?> getVariable, CloudDetector? cloud = null)
    {
        _config = config;
        _getVariable = getVariable;
        _cloud = cloud ?? new CloudDetector(config.Detection, getVariable);
    }

    /// <summary>Everything that is known locally (files, variables, the process itself): fast, no network.</summary>
    public ResourceInfo DetectLocal()
    {
        var attributes = _config.ResourceAttributes;
        var resource = new ResourceInfo();
        Try(() => resource.Service = ServiceDetector.Detect(_config.ServiceName, attributes));
        Try(() => resource.Environment = ServiceDetector.DetectEnvironment(attributes, _getVariable));
        Try(() => resource.Host = HostDetector.Detect());
        Try(() => resource.Process = ProcessDetector.Detect());
        Try(() => resource.Runtime = RuntimeDetector.Detect());
        Try(() => resource.Kubernetes = new KubernetesDetector(_config.Detection, _getVariable).Detect());
        foreach (var attribute in attributes)
        {
            if (!ServiceDetector.MappedAttributeKeys.Contains(attribute.Key))
            {
                resource.ExtraAttributes.Add(attribute);
            }
        }
        return resource;
    }

    /// <summary>
    /// The cloud block, which may need a metadata request: a copy of <paramref name="local"/> with it, or null
    /// when cloud detection is off or finds nothing. Never changes <paramref name="local"/> (writers cache it).
    /// </summary>
    public ResourceInfo? AddCloud(ResourceInfo local)
    {
        if (!_config.Detection.CloudDetection)
        {
            return null;
        }
        CloudInfo? cloud = null;
        Try(() => cloud = _cloud.Detect());
        if (cloud is null)
        {
            return null;
        }
        var withCloud = new ResourceInfo
        {
            Service = local.Service,
            Host = local.Host,
            Cloud = cloud,
            Kubernetes = local.Kubernetes,
            Runtime = local.Runtime,
            Process = local.Process,
            Environment = local.Environment,
        };
        withCloud.ExtraAttributes.AddRange(local.ExtraAttributes);
        return withCloud;
    }

    /// <summary>All blocks at once (local, then cloud).</summary>
    public ResourceInfo Detect()
    {
        var local = DetectLocal();
        return AddCloud(local) ?? local;
    }

    private static void Try(Action detect)
    {
        try
        {
            detect();
        }
        catch
        {
            // a detector that cannot tell leaves its block at the default: never worth failing the agent for
        }
    }
}
