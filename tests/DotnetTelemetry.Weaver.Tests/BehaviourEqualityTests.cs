using System.Reflection;
using Xunit.Abstractions;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>The woven WeaverTargets behaves exactly like the original: same values, exceptions, frames and side effects.</summary>
public sealed class BehaviourEqualityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("WeaverTargets")]
    [InlineData("WeaverTargetsDebug")]
    public void Targets_are_woven(string name)
    {
        var outcome = WovenTargets.Named(name).Outcome;
        Assert.Equal(AssemblyStatus.Woven, outcome.Status);
        output.WriteLine($"woven {outcome.WovenCount}, skipped: " + string.Join("; ", outcome.SkippedByReason().Select(p => $"{p.Key}={p.Value}")));
        foreach (var method in outcome.Methods) output.WriteLine($"{(method.Woven ? "woven  " : "skipped")} {method.FunctionName} {method.SkipReason}");
    }

    [Theory]
    [InlineData("WeaverTargets")]
    [InlineData("WeaverTargetsDebug")]
    public void Woven_and_original_runs_describe_the_same_behaviour(string name)
    {
        var target = WovenTargets.Named(name);
        Assert.Equal(AssemblyStatus.Woven, target.Outcome.Status);
        var original = Run(target.OriginalPath);
        var woven = Run(target.WovenPath);
        Assert.True(original.Count > 50, "every scenario ran");
        for (int i = 0; i < original.Count; i++)
        {
            output.WriteLine(woven[i]);
            AssertSameOutcome(original[i], woven[i]);
        }
        Assert.Equal(original.Count, woven.Count);
        // The exception lines carry frames with file:line from the PDB, so the woven PDB matches.
        Assert.Contains(woven, line => line.StartsWith("throw nested threw") && line.Contains("Exceptions.cs:"));
    }

    /// <summary>
    /// Same value, or same exception type and message with the same frames (method, file:line) in the same
    /// order. The one documented difference: a woven method runs inside a try block, so the JIT cannot turn its
    /// calls in tail position into jumps; frames the original lost to such tail calls show up in the woven trace.
    /// </summary>
    internal static void AssertSameOutcome(string original, string woven)
    {
        var originalParts = original.Split(" | ");
        var wovenParts = woven.Split(" | ");
        Assert.Equal(originalParts[0], wovenParts[0]);
        int next = 1;
        foreach (var frame in originalParts.Skip(1))
        {
            while (next < wovenParts.Length && wovenParts[next] != frame) next++;
            Assert.True(next < wovenParts.Length, $"frame '{frame}' of the original is missing from the woven trace: {woven}");
            next++;
        }
        Assert.True(wovenParts.Length - originalParts.Length <= 3, $"more extra frames than tail calls explain: {woven}");
    }

    internal static List<string> Run(string path)
    {
        var context = new IsolatedContext(Path.GetDirectoryName(path)!);
        try
        {
            var assembly = context.LoadFromAssemblyPath(path);
            var runAll = assembly.GetType("WeaverTargets.Scenarios")!.GetMethod("RunAll", BindingFlags.Public | BindingFlags.Static)!;
            return (List<string>)runAll.Invoke(null, null)!;
        }
        finally
        {
            context.Unload();
        }
    }
}

/// <summary>Every method of the woven WeaverTargets JIT-compiles.</summary>
public sealed class TargetsCompileTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("WeaverTargets")]
    [InlineData("WeaverTargetsDebug")]
    public void Every_woven_target_method_compiles(string name)
    {
        var target = WovenTargets.Named(name);
        var context = new IsolatedContext(target.Directory);
        try
        {
            var result = JitCompiler.CompileAll(context.LoadFromAssemblyPath(target.WovenPath));
            output.WriteLine($"compiled {result.Compiled}, open generics {result.OpenGenericsNotInstantiated}, other failures {string.Join(", ", result.OtherFailures)}");
            Assert.Empty(result.InvalidPrograms);
            Assert.Empty(result.OtherFailures);
            Assert.True(result.Compiled >= target.Outcome.WovenCount);
        }
        finally
        {
            context.Unload();
        }
    }
}
