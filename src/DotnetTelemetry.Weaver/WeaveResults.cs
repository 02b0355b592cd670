namespace DotnetTelemetry.Weaver;

/// <summary>What happened to one method: woven (SkipReason null) or skipped, and why.</summary>
public sealed record MethodOutcome(string FunctionName, string MetadataName, string? SkipReason)
{
    public bool Woven => SkipReason is null;
}

/// <summary>What happened to one assembly file.</summary>
public enum AssemblyStatus
{
    Woven,
    /// <summary>Nothing in it was selected (or every selected method was skipped): left as it was.</summary>
    NothingToWeave,
    AlreadyWoven,
    NotDotNet,
    Unsupported,
    Failed,
}

public sealed class AssemblyOutcome
{
    public AssemblyOutcome(string path, AssemblyStatus status, string? message = null, IReadOnlyList<MethodOutcome>? methods = null)
    {
        Path = path;
        Status = status;
        Message = message;
        Methods = methods ?? Array.Empty<MethodOutcome>();
    }

    public string Path { get; }
    public AssemblyStatus Status { get; }
    public string? Message { get; }
    public IReadOnlyList<MethodOutcome> Methods { get; }
    public int WovenCount => Methods.Count(m => m.Woven);

    public IEnumerable<KeyValuePair<string, int>> SkippedByReason()
        => Methods.Where(m => !m.Woven).GroupBy(m => m.SkipReason!).Select(g => new KeyValuePair<string, int>(g.Key, g.Count()));
}
