using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>A woven copy of a target assembly in a folder of its own, loadable in an <see cref="IsolatedContext"/>.</summary>
internal interface IWovenCopy
{
    string Directory { get; }
    string WovenPath { get; }
}

/// <summary>A target assembly (beside the tests) woven once per test run into a temp folder, shared by the tests that only read it.</summary>
internal sealed class WovenTarget : IWovenCopy
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

    /// <summary>WeaverTargets as the profiler's ReJIT pipeline weaves it (no added field or type).</summary>
    public static readonly LoadTimeWovenTarget LoadTime = new("WeaverTargets");

    public static WovenTarget Named(string name) => name == Debug.Name ? Debug : Release;

    /// <summary>"ahead" (instrument / weave mode) or "load-time" (profiler, attach).</summary>
    public static IWovenCopy Weaving(string weaving) => weaving == "load-time" ? LoadTime : Release;

    public static string OriginalPath => Release.OriginalPath;
    public static string Directory => Release.Directory;
    public static string WovenPath => Release.WovenPath;
    public static AssemblyOutcome Outcome => Release.Outcome;
}

/// <summary>
/// A target assembly rewritten in memory by <see cref="LoadTimeWeaver"/>, the transform the profiler shim's ReJIT
/// pipeline applies to loaded modules, then written to a temp folder only so that a test can load it.
/// </summary>
internal sealed class LoadTimeWovenTarget : IWovenCopy
{
    private readonly Lazy<string> _path;

    public LoadTimeWovenTarget(string name)
    {
        string original = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        string directory = Path.Combine(Path.GetTempPath(), $"weaver-loadtime-{Environment.ProcessId}-{Guid.NewGuid():N}");
        _path = new Lazy<string>(() =>
        {
            System.IO.Directory.CreateDirectory(directory);
            var pdb = Path.ChangeExtension(original, ".pdb");
            var module = dnlib.DotNet.ModuleDefMD.Load(File.ReadAllBytes(original), new dnlib.DotNet.ModuleCreationOptions { PdbFileOrData = File.ReadAllBytes(pdb) });
            LoadTimeWeaver.Weave(module, (function, file, line) => DotnetTelemetry.Probes.MethodRegistry.Register(function, file, line), _ => true);
            string path = Path.Combine(directory, name + ".dll");
            module.Write(path, new dnlib.DotNet.Writer.ModuleWriterOptions(module) { WritePdb = true, PdbFileName = Path.ChangeExtension(path, ".pdb") });
            return path;
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        };
    }

    public string WovenPath => _path.Value;
    public string Directory => Path.GetDirectoryName(WovenPath)!;
}
