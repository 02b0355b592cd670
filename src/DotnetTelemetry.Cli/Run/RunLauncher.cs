namespace DotnetTelemetry.Cli.Run;

/// <summary>
/// The steps of <c>run</c>: find the agent home, build the launch plan, apply each launch step, start the child.
/// </summary>
/// <remarks>
/// Seams for the steps still to come, each a call on the plan before <see cref="ChildProcess.Run"/>:
/// weaving (<c>--weave</c>: shadow-copy the app, weave it, and point <see cref="LaunchPlan.Program"/> /
/// <see cref="LaunchPlan.Arguments"/> at the woven copy) and the profiler shim (the <c>CORECLR_*</c> variables
/// in <see cref="LaunchPlan.Environment"/>).
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
        var plan = new LaunchPlan(command[0], command.Skip(1));
        AgentEnvironment.Apply(plan, options, home, getVariable);
        if (ProfilerEnvironment.Apply(plan, options.Profiler, home, getVariable) is { } profilerError)
        {
            Console.Error.WriteLine($"dotnet-telemetry run: {profilerError}");
            return UsageError;
        }
        return ChildProcess.Run(plan);
    }
}
