using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Resources;

/// <summary>
/// The Kubernetes block, from what a pod can see locally: the service-account namespace file,
/// downward-API environment variables and labels file, and the container's cgroup limits.
/// Null when nothing says the process runs in Kubernetes.
/// </summary>
internal sealed class KubernetesDetector(ResourceDetectionOptions options, Func<string, string?> getVariable)
{
    public KubernetesInfo? Detect()
    {
        string? namespaceFromFile = ReadFirstLine(options.KubernetesNamespaceFile);
        bool inKubernetes = Variable("KUBERNETES_SERVICE_HOST") is not null
            || namespaceFromFile is not null
            || Variable("K8S_POD_NAME", "POD_NAME", "KUBERNETES_POD_NAME") is not null;
        if (!inKubernetes)
        {
            return null;
        }

        var info = new KubernetesInfo
        {
            NamespaceName = Variable("K8S_NAMESPACE", "K8S_POD_NAMESPACE", "POD_NAMESPACE", "KUBERNETES_NAMESPACE") ?? namespaceFromFile,
            // A pod's hostname is its name unless the pod spec sets hostname: the downward API is preferred.
            PodName = Variable("K8S_POD_NAME", "POD_NAME", "KUBERNETES_POD_NAME", "HOSTNAME"),
            PodUid = Variable("K8S_POD_UID", "POD_UID"),
            NodeName = Variable("K8S_NODE_NAME", "NODE_NAME"),
            ContainerName = Variable("K8S_CONTAINER_NAME", "CONTAINER_NAME"),
            DeploymentName = Variable("K8S_DEPLOYMENT_NAME", "DEPLOYMENT_NAME"),
            ClusterName = Variable("K8S_CLUSTER_NAME", "CLUSTER_NAME"),
            ServiceAccountName = Variable("K8S_SERVICE_ACCOUNT_NAME", "SERVICE_ACCOUNT_NAME"),
            CpuRequest = KubernetesQuantity.ParseCpu(Variable("K8S_CPU_REQUEST", "CPU_REQUEST")),
            MemoryRequest = KubernetesQuantity.ParseMemory(Variable("K8S_MEMORY_REQUEST", "MEMORY_REQUEST")),
        };

        var cgroup = CgroupLimits.Read(options.CgroupRoot);
        info.CpuLimit = KubernetesQuantity.ParseCpu(Variable("K8S_CPU_LIMIT", "CPU_LIMIT")) ?? cgroup.CpuCores;
        info.MemoryLimit = KubernetesQuantity.ParseMemory(Variable("K8S_MEMORY_LIMIT", "MEMORY_LIMIT")) ?? cgroup.MemoryBytes;
        info.DeploymentName ??= DeploymentFromPodName(info.PodName);

        foreach (var label in DownwardApiFile.Read(options.KubernetesLabelsFile))
        {
            info.PodLabels.Add(label);
        }
        return info;
    }

    /// <summary>A Deployment's pods are named <c>&lt;deployment&gt;-&lt;replicaset hash&gt;-&lt;pod suffix&gt;</c>.</summary>
    internal static string? DeploymentFromPodName(string? podName)
    {
        if (podName is null)
        {
            return null;
        }
        var parts = podName.Split('-');
        if (parts.Length < 3 || parts[^1].Length != 5 || parts[^2].Length < 5 || parts[^2].Length > 10)
        {
            return null;
        }
        return string.Join('-', parts[..^2]);
    }

    private string? Variable(params string[] names)
    {
        foreach (string name in names)
        {
            string? value = getVariable(name)?.Trim();
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }
        }
        return null;
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }
            string text = File.ReadAllText(path).Trim();
            return text.Length == 0 ? null : text.Split('\n')[0].Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
