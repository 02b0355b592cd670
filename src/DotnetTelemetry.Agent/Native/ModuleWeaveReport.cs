namespace DotnetTelemetry.Agent.Native;

/// <summary>What load-time weaving did to one module: how many methods now run woven, and why others do not.</summary>
internal sealed class ModuleWeaveReport
{
    public ModuleWeaveReport(string assemblyName, string path)
    {
        AssemblyName = assemblyName;
        Path = path;
    }

    public string AssemblyName { get; }
    public string Path { get; }

    /// <summary>The live ModuleID (0 when the profiler did not know the module).</summary>
    public ulong ModuleId { get; set; }

    /// <summary>Tokens of the methods that run woven.</summary>
    public HashSet<uint> WovenTokens { get; } = new();

    /// <summary>Function names of the methods whose woven body the runtime accepted for ReJIT.</summary>
    public List<string> Woven { get; } = new();

    /// <summary>(function name, reason) of methods the transform chose not to weave.</summary>
    public List<(string Function, string Reason)> Skipped { get; } = new();

    /// <summary>(function name, error) of methods that were meant to be woven but stay as they were.</summary>
    public List<(string Function, string Error)> Failed { get; } = new();

    /// <summary>ReadyToRun callers that had inlined a woven method and were re-JIT'ed with their own IL.</summary>
    public int RecompiledInliners { get; set; }

    /// <summary>The runtime said its list of ReadyToRun inliners may be incomplete (dependencies not loaded yet).</summary>
    public bool InlinersIncomplete { get; set; }

    /// <summary>Set when the whole module was left alone (not known to the profiler, unreadable, ...).</summary>
    public string? ModuleError { get; set; }

    public override string ToString() => ModuleError is null
        ? $"{AssemblyName}: {Woven.Count} woven, {Skipped.Count} skipped, {Failed.Count} failed"
          + (RecompiledInliners > 0 ? $", {RecompiledInliners} ReadyToRun callers recompiled" : string.Empty)
        : $"{AssemblyName}: not woven ({ModuleError})";
}
