using dnlib.DotNet;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>
/// The load-time transform (constant ids, no added types or fields, state machines woven around the probes'
/// holder) on WeaverTargets: the bodies it produces are
/// valid and behave like the originals. The module is written to disk only to load it here; the shim's pipeline
/// hands the same bodies to ReJIT instead.
/// </summary>
public sealed class LoadTimeWeaverTests
{
    [Fact]
    public void Load_time_bodies_are_valid_and_behave_like_the_originals()
    {
        using var temp = new TempDirectory("weaver-loadtime");
        var module = ModuleDefMD.Load(File.ReadAllBytes(WovenTargets.OriginalPath), new ModuleCreationOptions { PdbFileOrData = File.ReadAllBytes(Path.ChangeExtension(WovenTargets.OriginalPath, ".pdb")) });
        int typesBefore = module.GetTypes().Count();
        int fieldsBefore = module.GetTypes().Sum(t => t.Fields.Count);
        var registered = new List<string>();

        var outcomes = LoadTimeWeaver.Weave(module, (name, file, line) =>
        {
            registered.Add(name);
            return MethodRegistry.Register(name, file, line);
        }, _ => true);

        // A loaded module cannot gain types or fields: the state machines are woven without their scope field.
        Assert.Equal(typesBefore, module.GetTypes().Count());
        Assert.Equal(fieldsBefore, module.GetTypes().Sum(t => t.Fields.Count));
        Assert.Equal(registered.Count, outcomes.Count(o => o.SkipReason is null && !o.IsCompanion));
        Assert.Contains(outcomes, o => o.FunctionName == "WeaverTargets.Basics.Add" && o.SkipReason is null);
        Assert.Contains(outcomes, o => o.FunctionName == "WeaverTargets.Async.SumAsync" && o.SkipReason is null && o.Method.Name == "MoveNext");
        Assert.Contains(outcomes, o => o.Method.DeclaringType.Name.StartsWith("<SumAsync>") && o.SkipReason is null);
        Assert.Contains(outcomes, o => o.FunctionName == "WeaverTargets.Async.SumAsync" && o.Method.Name != "MoveNext"
            && o.SkipReason == SkipReasons.StateMachineKickoff);

        var options = new dnlib.DotNet.Writer.ModuleWriterOptions(module) { WritePdb = true, PdbFileName = temp.File("WeaverTargets.pdb") };
        module.Write(temp.File("WeaverTargets.dll"), options);
        var context = new IsolatedContext(temp.Path);
        try
        {
            Assert.Empty(JitCompiler.CompileAll(context.LoadFromAssemblyPath(temp.File("WeaverTargets.dll"))).InvalidPrograms);
        }
        finally
        {
            context.Unload();
        }
        var original = BehaviourEqualityTests.Run(WovenTargets.OriginalPath);
        var woven = BehaviourEqualityTests.Run(temp.File("WeaverTargets.dll"));
        Assert.Equal(original.Count, woven.Count);
        for (int i = 0; i < original.Count; i++) BehaviourEqualityTests.AssertSameOutcome(original[i], woven[i]);
    }
}
