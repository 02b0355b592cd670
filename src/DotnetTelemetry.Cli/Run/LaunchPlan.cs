namespace DotnetTelemetry.Cli.Run;

/// <summary>
/// What will be started: program, arguments and the environment changes on top of ours. Each launch step
/// (agent environment now; weaving and the profiler shim later) adjusts the plan before the child starts.
/// </summary>
internal sealed class LaunchPlan
{
    public LaunchPlan(string program, IEnumerable<string> arguments)
    {
        Program = program;
        Arguments = arguments.ToList();
    }

    public string Program { get; set; }

    public List<string> Arguments { get; }

    /// <summary>Variables to set in the child (a null value removes the variable).</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);
}
