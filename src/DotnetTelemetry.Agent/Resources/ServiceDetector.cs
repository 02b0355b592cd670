using System.Reflection;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Resources;

/// <summary>Service identity and deployment environment.</summary>
internal static class ServiceDetector
{
    /// <summary>Keys of OTEL_RESOURCE_ATTRIBUTES that have a field of their own (the rest go to extra attributes).</summary>
    public static readonly IReadOnlySet<string> MappedAttributeKeys = new HashSet<string>
    {
        "service.name", "service.version", "service.namespace", "service.instance.id",
        "deployment.environment.name", "deployment.environment",
    };

    public static ServiceInfo Detect(string? configuredName, IReadOnlyList<KeyValuePair<string, string>> attributes, Assembly? entryAssembly = null)
    {
        entryAssembly ??= Assembly.GetEntryAssembly();
        return new ServiceInfo
        {
            Name = configuredName ?? Attribute(attributes, "service.name") ?? entryAssembly?.GetName().Name ?? "unknown_service",
            Version = Attribute(attributes, "service.version") ?? InformationalVersion(entryAssembly),
            Namespace = Attribute(attributes, "service.namespace"),
            InstanceId = Attribute(attributes, "service.instance.id") ?? Guid.NewGuid().ToString(),
        };
    }

    public static string? DetectEnvironment(IReadOnlyList<KeyValuePair<string, string>> attributes, Func<string, string?> getVariable)
        => Attribute(attributes, "deployment.environment.name")
            ?? Attribute(attributes, "deployment.environment")
            ?? NonEmpty(getVariable("DOTNET_ENVIRONMENT"))
            ?? NonEmpty(getVariable("ASPNETCORE_ENVIRONMENT"));

    private static string? InformationalVersion(Assembly? assembly)
    {
        if (assembly is null)
        {
            return null;
        }
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString();
    }

    internal static string? Attribute(IReadOnlyList<KeyValuePair<string, string>> attributes, string key)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Key == key && attribute.Value.Length > 0)
            {
                return attribute.Value;
            }
        }
        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
