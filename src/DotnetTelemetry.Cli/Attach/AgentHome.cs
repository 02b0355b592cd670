namespace DotnetTelemetry.Cli.Attach;

/// <summary>The agent home the CLI hands to a target: --home, DOTNET_TELEMETRY_HOME, or the CLI's own home (&lt;home&gt;/cli/).</summary>
internal static class AgentHome
{
    public const string StartupHookRelative = "startup-hook/DotnetTelemetry.StartupHook.dll";
    public const string ShimRelative = "native-shim/libdotnet_telemetry_shim.so";

    public static string Resolve(string? explicitHome)
    {
        string? home = explicitHome ?? Environment.GetEnvironmentVariable("DOTNET_TELEMETRY_HOME");
        if (!string.IsNullOrWhiteSpace(home))
        {
            return Path.GetFullPath(home);
        }
        string cliDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        return Path.GetDirectoryName(cliDirectory) ?? cliDirectory;
    }
}
