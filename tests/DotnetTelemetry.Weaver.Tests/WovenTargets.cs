using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>A target assembly (beside the tests) woven once per test run into a temp folder, shared by the tests that only read it.</summary>
internal sealed class WovenTarget
{
    private readonly Lazy<AssemblyOutcome> _outcome;
    private readonly string _directory;

    public WovenTarget(string name)
    {
        Name = name;
        OriginalPath = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        _directory = Path.Combine(Path.GetTempPath(), $"weaver-targets-{Environment.ProcessId}-{Guid.NewGuid():N}");
        _outcome = new Lazy<AssemblyOutcome>(() =>
        {
            System.IO.Directory.CreateDirectory(_directory);
            return AssemblyFileWeaver.Weave(OriginalPath, Path.Combine(_directory, name + ".dll"), SelectionRules.Default);
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { if (System.IO.Directory.Exists(_directory)) System.IO.Directory.Delete(_directory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        };
    }

    public string Name { get; }
    public string OriginalPath { get; }
    /// <summary>The folder of the woven copy (weaves on first use).</summary>
    public string Directory => _outcome.Value is not null ? _directory : _directory;
    public string WovenPath => Path.Combine(Directory, Name + ".dll");

    /// <summary>Weaves on first use.</summary>
    public AssemblyOutcome Outcome => _outcome.Value;
}

/// <summary>WeaverTargets (Release, portable PDB) and WeaverTargetsDebug (the same sources, Debug, embedded PDB).</summary>
internal static class WovenTargets
{
    public static readonly WovenTarget Release = new("WeaverTargets");
    public static readonly WovenTarget Debug = new("WeaverTargetsDebug");

    public static WovenTarget Named(string name) => name == Debug.Name ? Debug : Release;

    public static string OriginalPath => Release.OriginalPath;
    public static string Directory => Release.Directory;
    public static string WovenPath => Release.WovenPath;
    public static AssemblyOutcome Outcome => Release.Outcome;
}
