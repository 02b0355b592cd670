namespace DotnetTelemetry.Cli.Run;

/// <summary>
/// Finds the agent home (the folder with <c>startup-hook/</c>, <c>agent/</c>, <c>native-shim/</c>, <c>cli/</c>):
/// <c>DOTNET_TELEMETRY_HOME</c> when set, else the parent of the folder this CLI runs from.
/// </summary>
internal static class AgentHome
{
    public const string StartupHookRelativePath = "startup-hook/DotnetTelemetry.StartupHook.dll";

    public static string? Locate(Func<string, string?> getVariable)
    {
        string? configured = getVariable("DOTNET_TELEMETRY_HOME");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return IsHome(configured) ? Path.GetFullPath(configured) : null;
        }
        string? parent = Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return parent is not null && IsHome(parent) ? parent : null;
    }

    public static string StartupHookPath(string home) => Path.Combine(home, "startup-hook", "DotnetTelemetry.StartupHook.dll");

    private static bool IsHome(string directory) => File.Exists(StartupHookPath(directory));
}
