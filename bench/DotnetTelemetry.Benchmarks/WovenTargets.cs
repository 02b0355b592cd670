using System.Reflection;
using System.Runtime.Loader;
using BenchTargets;
using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Benchmarks;

/// <summary>
/// The bench targets as they ship (not woven) and as the real weaver rewrites them, loaded side by side.
/// The woven copy lives in its own load context; DotnetTelemetry.Probes resolves from the default one,
/// exactly as in an instrumented app.
/// </summary>
internal static class WovenTargets
{
    private static readonly Lazy<Assembly> Woven = new(LoadWoven);
    private static readonly Lazy<Assembly> WovenAtLoadTime = new(LoadWovenAtLoadTime);

    public static Func<int, int, int> Add(bool woven) => Method(woven ? Woven.Value : null, nameof(SmallMethods.Add)).CreateDelegate<Func<int, int, int>>();

    public static Func<int, int, Task<int>> AddAsync(bool woven) => AddAsync(woven ? "ahead-of-time" : "none");

    /// <param name="weaving">"none", "ahead-of-time" (instrument, run --mode weave) or "load-time" (profiler, attach: no state-machine field).</param>
    public static Func<int, int, Task<int>> AddAsync(string weaving)
    {
        var assembly = weaving switch
        {
            "none" => null,
            "load-time" => WovenAtLoadTime.Value,
            _ => Woven.Value,
        };
        return Method(assembly, nameof(SmallMethods.AddAsync)).CreateDelegate<Func<int, int, Task<int>>>();
    }

    private static MethodInfo Method(Assembly? woven, string name)
    {
        var assembly = woven ?? typeof(SmallMethods).Assembly;
        return assembly.GetType(typeof(SmallMethods).FullName!)!.GetMethod(name)!;
    }

    /// <summary>The targets rewritten in memory by the load-time transform (what the profiler's ReJIT runs), saved only to load them.</summary>
    private static Assembly LoadWovenAtLoadTime()
    {
        string source = typeof(SmallMethods).Assembly.Location;
        string directory = Path.Combine(Path.GetTempPath(), "dotnet-telemetry-bench-loadtime-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        string target = Path.Combine(directory, Path.GetFileName(source));
        using var module = dnlib.DotNet.ModuleDefMD.Load(File.ReadAllBytes(source));
        var outcomes = DotnetTelemetry.Weaver.LoadTimeWeaver.Weave(module, DotnetTelemetry.Probes.MethodRegistry.Register, _ => true);
        if (!outcomes.Any(o => o.SkipReason is null && o.FunctionName.EndsWith(nameof(SmallMethods.AddAsync), StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"the load-time weaver did not weave {nameof(SmallMethods.AddAsync)} in {source}");
        }
        module.Write(target);
        return new AssemblyLoadContext("load-time-woven-bench-targets").LoadFromAssemblyPath(target);
    }

    private static Assembly LoadWoven()
    {
        string source = typeof(SmallMethods).Assembly.Location;
        string directory = Path.Combine(Path.GetTempPath(), "dotnet-telemetry-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        string target = Path.Combine(directory, Path.GetFileName(source));
        var outcome = AssemblyFileWeaver.Weave(source, target, SelectionRules.Default);
        if (outcome.WovenCount == 0)
        {
            throw new InvalidOperationException($"the weaver wove nothing in {source}: {outcome.Status} {outcome.Message}");
        }
        return new AssemblyLoadContext("woven-bench-targets").LoadFromAssemblyPath(target);
    }
}
