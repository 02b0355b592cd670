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

    public static Func<int, int, int> Add(bool woven) => Method(woven, nameof(SmallMethods.Add)).CreateDelegate<Func<int, int, int>>();

    public static Func<int, int, Task<int>> AddAsync(bool woven) => Method(woven, nameof(SmallMethods.AddAsync)).CreateDelegate<Func<int, int, Task<int>>>();

    private static MethodInfo Method(bool woven, string name)
    {
        var assembly = woven ? Woven.Value : typeof(SmallMethods).Assembly;
        return assembly.GetType(typeof(SmallMethods).FullName!)!.GetMethod(name)!;
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
