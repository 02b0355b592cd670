namespace DotnetTelemetry.Cli.Run;

/// <summary>The agent options of <c>run</c>; null or empty means "leave the variable as the environment has it".</summary>
internal sealed record RunOptions
{
    public string? Output { get; init; }
    public string? Format { get; init; }
    public IReadOnlyList<string> Include { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> Exclude { get; init; } = Array.Empty<string>();
    public string? ServiceName { get; init; }
    /// <summary>One of <see cref="RunModes.All"/>; null means auto.</summary>
    public string? Mode { get; init; }
    /// <summary>`--live`: a terminal view of the events instead of the child's output on the terminal.</summary>
    public bool Live { get; init; }
}
