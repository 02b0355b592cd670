using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>WeaverTargets.dll woven once per test run into a temp folder (shared by the tests that only read it).</summary>
internal static class WovenTargets
{
    public static readonly string OriginalPath = Path.Combine(AppContext.BaseDirectory, "WeaverTargets.dll");

    private static readonly Lazy<(string Directory, AssemblyOutcome Outcome)> Woven = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), $"weaver-targets-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var outcome = AssemblyFileWeaver.Weave(OriginalPath, Path.Combine(directory, "WeaverTargets.dll"), SelectionRules.Default);
        return (directory, outcome);
    });

    public static string Directory => Woven.Value.Directory;

    public static string WovenPath => Path.Combine(Directory, "WeaverTargets.dll");

    public static AssemblyOutcome Outcome => Woven.Value.Outcome;
}
