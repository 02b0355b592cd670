using DotnetTelemetry.Cli.Commands;
using DotnetTelemetry.Cli.Live;

namespace DotnetTelemetry.Cli.Run;

/// <summary>
/// The steps of <c>run</c>: find the agent home, build the launch plan, apply each launch step, start the child.
/// </summary>
/// <remarks>
/// Function events come from one of two mechanisms (<see cref="RunModes"/>): the profiler shim (the
/// <c>CORECLR_*</c> variables in the plan's environment) or a woven copy of the app from the weave cache (the
/// command rewritten to start it). Never both: the shim would otherwise see already-woven code. Without
/// <c>CORECLR_*</c> the startup hook would attach the shim itself, so the weave and hook-only modes switch that off.
/// </remarks>
internal static class RunLauncher
{
    public const int UsageError = 2;

    public static int Run(RunOptions options, IReadOnlyList<string> command)
        => Run(options, command, Environment.GetEnvironmentVariable);

    internal static int Run(RunOptions options, IReadOnlyList<string> command, Func<string, string?> getVariable)
    {
        if (command.Count == 0)
        {
            Console.Error.WriteLine("dotnet-telemetry run: no command given (usage: dotnet-telemetry run [options] -- <command...>)");
            return UsageError;
        }
        string? home = AgentHome.Locate(getVariable);
        if (home is null)
        {
            Console.Error.WriteLine($"dotnet-telemetry run: cannot find the agent home ({AgentHome.StartupHookRelativePath} next to this CLI's folder); set DOTNET_TELEMETRY_HOME");
            return UsageError;
        }
        string mode = string.IsNullOrWhiteSpace(options.Mode) ? RunModes.Auto : options.Mode.Trim().ToLowerInvariant();
        bool weaveCopy = mode == RunModes.Weave || (mode == RunModes.Auto && !ProfilerEnvironment.IsUsable(home, getVariable));
        if (weaveCopy)
        {
            // Weave mode never fails the run: when weaving cannot be done the app runs unwoven, with a note.
            command = WeaveModeLauncher.PrepareOrKeep(command.ToArray(), options.Include, options.Exclude, Console.Error);
        }
        string? liveEvents = null;
        if (options.Live)
        {
            // The view follows a file of its own, beside whatever outputs were asked for.
            string directory = Directory.CreateTempSubdirectory("dotnet-telemetry-live-").FullName;
            liveEvents = Path.Combine(directory, "events.ndjson");
            string? asked = string.IsNullOrWhiteSpace(options.Output) ? getVariable("DOTNET_TELEMETRY_OUTPUT") : options.Output;
            options = options with { Output = string.IsNullOrWhiteSpace(asked) ? "file:" + liveEvents : $"{asked},file:{liveEvents}" };
        }
        var plan = new LaunchPlan(command[0], command.Skip(1));
        AgentEnvironment.Apply(plan, options, home, getVariable);
        if (weaveCopy || mode == RunModes.HookOnly)
        {
            // The hook alone would attach the shim itself: hook-only means runtime events only, and a woven copy
            // must not be woven again at load time.
            AgentEnvironment.DisableSelfAttach(plan);
        }
        if (mode is RunModes.Profiler or RunModes.Auto
            && ProfilerEnvironment.Apply(plan, mode == RunModes.Profiler ? "on" : "auto", home, getVariable) is { } profilerError)
        {
            Console.Error.WriteLine($"dotnet-telemetry run: {profilerError}");
            return UsageError;
        }
        return liveEvents is null
            ? ChildProcess.Run(plan)
            : LiveRun.Run(plan, liveEvents, Path.Combine(Path.GetDirectoryName(liveEvents)!, "app.log"));
    }
}
