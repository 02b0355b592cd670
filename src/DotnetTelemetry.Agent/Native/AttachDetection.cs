namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// Tells a run started by <c>dotnet-telemetry attach</c> (ApplyStartupHook into a running process)
/// from one configured by environment: before loading the agent, the CLI sets
/// <see cref="AttachedVariable"/>=1 in the target (the diagnostics IPC's SetEnvironmentVariable).
/// An attached agent must not write to the app's stdout: its events go to the CLI over EventPipe.
/// </summary>
internal static class AttachDetection
{
    public const string AttachedVariable = "DOTNET_TELEMETRY_ATTACHED";

    public static bool IsAttachedRun() => Environment.GetEnvironmentVariable(AttachedVariable)?.Trim() == "1";

    /// <summary>The configuration the CLI passed with AttachProfiler (key=value lines), if the shim is attached.</summary>
    public static IReadOnlyDictionary<string, string> ProfilerClientData(ShimLibrary? shim)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (shim is null || shim.LoadMode != ShimLoadMode.Attach)
        {
            return values;
        }
        string text = System.Text.Encoding.UTF8.GetString(shim.ClientData());
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = line.IndexOf('=');
            if (equals > 0)
            {
                values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }
        return values;
    }
}
