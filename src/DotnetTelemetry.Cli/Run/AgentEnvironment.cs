namespace DotnetTelemetry.Cli.Run;

/// <summary>
/// The environment that switches the agent on in the child: the startup hook (appended to any hooks
/// already set) and the agent variables for the options given on the command line.
/// </summary>
internal static class AgentEnvironment
{
    public const string StartupHooks = "DOTNET_STARTUP_HOOKS";

    public static void Apply(LaunchPlan plan, RunOptions options, string agentHome, Func<string, string?> getVariable)
    {
        plan.Environment[StartupHooks] = AppendHook(getVariable(StartupHooks), AgentHome.StartupHookPath(agentHome));
        plan.Environment["DOTNET_TELEMETRY_HOME"] = agentHome;
        SetIfGiven(plan, "DOTNET_TELEMETRY_OUTPUT", options.Output);
        SetIfGiven(plan, "DOTNET_TELEMETRY_FORMAT", options.Format);
        SetIfGiven(plan, "DOTNET_TELEMETRY_INCLUDE", JoinGlobs(options.Include));
        SetIfGiven(plan, "DOTNET_TELEMETRY_EXCLUDE", JoinGlobs(options.Exclude));
        SetIfGiven(plan, "OTEL_SERVICE_NAME", options.ServiceName);
    }

    /// <summary>The agent's switch for attaching the shim from the startup hook (on by default).</summary>
    public const string SelfAttachSwitch = "DOTNET_TELEMETRY_WEAVE";

    /// <summary>The hook alone gives runtime events only: it does not attach the shim to the app itself.</summary>
    public static void DisableSelfAttach(LaunchPlan plan) => plan.Environment[SelfAttachSwitch] = "off";

    /// <summary>Adds our hook to an existing list (path-separator separated), once.</summary>
    public static string AppendHook(string? existing, string hook)
    {
        if (string.IsNullOrWhiteSpace(existing))
        {
            return hook;
        }
        var hooks = existing.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return hooks.Contains(hook, StringComparer.Ordinal) ? existing : existing.TrimEnd(Path.PathSeparator) + Path.PathSeparator + hook;
    }

    private static string? JoinGlobs(IReadOnlyList<string> globs)
        => globs.Count == 0 ? null : string.Join(';', globs.SelectMany(g => g.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));

    private static void SetIfGiven(LaunchPlan plan, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            plan.Environment[name] = value;
        }
    }
}
