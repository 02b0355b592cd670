using System.Diagnostics;
using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;
using Xunit.Abstractions;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>
/// Real third-party assemblies (restored from NuGet through tests/WeaverCorpus), woven and JIT-compiled method by
/// method: not one InvalidProgramException. Failures of other kinds must be the same for the original assembly.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> Assemblies()
    {
        var data = new TheoryData<string>();
        foreach (var name in WeaverCorpus.CorpusAssemblies.Names) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Woven_assembly_compiles_without_invalid_programs(string name)
    {
        using var temp = new TempDirectory("weaver-corpus");
        string original = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        Assert.True(File.Exists(original), $"{original} restored by tests/WeaverCorpus");
        var clock = Stopwatch.StartNew();
        var outcome = AssemblyFileWeaver.Weave(original, temp.File(name + ".dll"), SelectionRules.Default, allowFrameworkNames: true);
        var weaveTime = clock.Elapsed;
        Assert.Equal(AssemblyStatus.Woven, outcome.Status);
        Assert.True(outcome.WovenCount > 20, $"{name}: only {outcome.WovenCount} methods woven");

        clock.Restart();
        var woven = Compile(temp.Path, name);
        output.WriteLine($"{name}: woven {outcome.WovenCount}, skipped {outcome.Methods.Count - outcome.WovenCount} " +
            $"({string.Join("; ", outcome.SkippedByReason().Select(p => $"{p.Key}: {p.Value}"))}); " +
            $"JIT-compiled {woven.Compiled}, open generics not instantiated {woven.OpenGenericsNotInstantiated}, " +
            $"other failures {woven.OtherFailures.Count}; weave {weaveTime.TotalMilliseconds:F0} ms, compile {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(woven.InvalidPrograms.Count == 0, string.Join("\n", woven.InvalidPrograms.Take(20)));
        Assert.True(woven.Compiled > outcome.WovenCount / 2, "most methods were compiled");

        if (woven.OtherFailures.Count > 0)
        {
            // e.g. a method touching an optional dependency that is not installed: the original fails the same way.
            var originalResult = Compile(AppContext.BaseDirectory, name);
            foreach (var (method, error) in woven.OtherFailures)
            {
                Assert.True(originalResult.OtherFailures.TryGetValue(method, out var originalError) && originalError == error,
                    $"{method}: woven copy fails with {error}, the original does not");
            }
        }
    }

    private static JitCompiler.Result Compile(string directory, string name)
    {
        var context = new IsolatedContext(directory, fallbackDirectory: AppContext.BaseDirectory);
        try
        {
            return JitCompiler.CompileAll(context.LoadFromAssemblyPath(Path.Combine(directory, name + ".dll")));
        }
        finally
        {
            context.Unload();
        }
    }
}
