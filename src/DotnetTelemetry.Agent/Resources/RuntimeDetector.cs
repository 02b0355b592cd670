using System.Reflection;
using System.Runtime.InteropServices;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Resources;

/// <summary>The seed's <c>resource</c> block: runtime, OS and our own name and version.</summary>
internal static class RuntimeDetector
{
    public static RuntimeResourceInfo Detect() => new()
    {
        RuntimeName = ".NET",
        RuntimeVersion = Environment.Version.ToString(),
        OsType = OperatingSystem.IsLinux() ? "linux"
            : OperatingSystem.IsWindows() ? "windows"
            : OperatingSystem.IsMacOS() ? "darwin"
            : RuntimeInformation.OSDescription.ToLowerInvariant(),
        TelemetrySdkName = "dotnet-telemetry",
        TelemetrySdkVersion = AgentVersion,
    };

    /// <summary>Our version (the agent assembly's informational version, without build metadata).</summary>
    public static string AgentVersion { get; } = ReadAgentVersion();

    private static string ReadAgentVersion()
    {
        var assembly = typeof(RuntimeDetector).Assembly;
        string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString();
        if (version is null)
        {
            return "0.0.0";
        }
        int plus = version.IndexOf('+');
        return plus > 0 ? version[..plus] : version;
    }
}
