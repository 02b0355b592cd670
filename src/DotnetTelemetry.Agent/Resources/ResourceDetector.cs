using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Resources;

/// <summary>
/// Detects the per-process resource blocks once, on the agent's background thread. Each detector is
/// independent: one that fails leaves its block empty and the rest still fill theirs.
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

    public ResourceInfo Detect()
    {
        var attributes = _config.ResourceAttributes;
        var resource = new ResourceInfo();
        Try(() => resource.Service = ServiceDetector.Detect(_config.ServiceName, attributes));
        Try(() => resource.Environment = ServiceDetector.DetectEnvironment(attributes, _getVariable));
        Try(() => resource.Host = HostDetector.Detect());
        Try(() => resource.Process = ProcessDetector.Detect());
        Try(() => resource.Runtime = RuntimeDetector.Detect());
        Try(() => resource.Kubernetes = new KubernetesDetector(_config.Detection, _getVariable).Detect());
        if (_config.Detection.CloudDetection)
        {
            Try(() => resource.Cloud = _cloud.Detect());
        }
        foreach (var attribute in attributes)
        {
            if (!ServiceDetector.MappedAttributeKeys.Contains(attribute.Key))
            {
                resource.ExtraAttributes.Add(attribute);
            }
        }
        return resource;
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
