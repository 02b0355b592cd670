namespace DotnetTelemetry.Agent.Native;

/// <summary>Where the profiler shim of this process lives, and the identity it is loaded under.</summary>
internal static class ShimLocation
{
    /// <summary>CORECLR_PROFILER of dotnet-telemetry's shim.</summary>
    public const string ProfilerClsid = "{70BAAC33-8E8A-4A74-B541-49CC4129C97A}";

    /// <summary>
    /// The shim the runtime loaded at startup (CORECLR_PROFILER_PATH, when CORECLR_PROFILER is ours),
    /// else the one in the agent home (what an attach loads).
    /// </summary>
    public static string Find(string home)
    {
        string? clsid = Environment.GetEnvironmentVariable("CORECLR_PROFILER");
        string? path = Environment.GetEnvironmentVariable("CORECLR_PROFILER_PATH");
        if (string.Equals(clsid?.Trim(), ProfilerClsid, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(path))
        {
            return path;
        }
        return Path.Combine(home, "native-shim", ShimLibrary.FileName);
    }

    /// <summary>True when the environment asks the runtime to load our shim at startup.</summary>
    public static bool RequestedAtStartup()
        => Environment.GetEnvironmentVariable("CORECLR_ENABLE_PROFILING")?.Trim() == "1"
           && string.Equals(Environment.GetEnvironmentVariable("CORECLR_PROFILER")?.Trim(), ProfilerClsid, StringComparison.OrdinalIgnoreCase);
}
