namespace DotnetTelemetry.Cli.Run;

/// <summary>
/// Profiler mode for `run`: the CORECLR_* variables that make the runtime load the shim, so the
/// agent weaves at load time with no pre-step. `auto` uses it when the shim is in the agent home;
/// `on` (`run --mode profiler`) insists (an error when it is missing); `off` leaves the startup hook alone.
/// </summary>
internal static class ProfilerEnvironment
{
    public const string ProfilerClsid = "{70BAAC33-8E8A-4A74-B541-49CC4129C97A}";
    public const string ShimRelativePath = "native-shim/libdotnet_telemetry_shim.so";

    /// <summary>True when the shim is in the agent home and no other profiler is configured for the child.</summary>
    public static bool IsUsable(string agentHome, Func<string, string?> getVariable)
    {
        string? other = getVariable("CORECLR_PROFILER");
        bool otherProfiler = getVariable("CORECLR_ENABLE_PROFILING")?.Trim() == "1" && other is not null
            && !other.Equals(ProfilerClsid, StringComparison.OrdinalIgnoreCase);
        return OperatingSystem.IsLinux() && File.Exists(Path.Combine(agentHome, ShimRelativePath)) && !otherProfiler;
    }

    /// <returns>Null when applied (or not wanted), else why profiler mode cannot be used.</returns>
    public static string? Apply(LaunchPlan plan, string? mode, string agentHome, Func<string, string?> getVariable)
    {
        mode = string.IsNullOrWhiteSpace(mode) ? "auto" : mode.Trim().ToLowerInvariant();
        if (mode == "off")
        {
            return null;
        }
        string shim = Path.Combine(agentHome, ShimRelativePath);
        if (!OperatingSystem.IsLinux() || !File.Exists(shim))
        {
            return mode == "on" ? $"--mode profiler: the profiler shim is not available ({shim})" : null;
        }
        // Another profiler configured for the child keeps its place: the runtime loads only one.
        string? other = getVariable("CORECLR_PROFILER");
        if (getVariable("CORECLR_ENABLE_PROFILING")?.Trim() == "1" && other is not null && !other.Equals(ProfilerClsid, StringComparison.OrdinalIgnoreCase))
        {
            return mode == "on" ? $"--mode profiler: the environment already names another profiler ({other})" : null;
        }
        plan.Environment["CORECLR_ENABLE_PROFILING"] = "1";
        plan.Environment["CORECLR_PROFILER"] = ProfilerClsid;
        plan.Environment["CORECLR_PROFILER_PATH"] = shim;
        return null;
    }
}
