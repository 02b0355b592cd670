using dnlib.DotNet;
using dnlib.DotNet.Emit;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>
/// The entry probe fills the method's scope local in place (<c>Probe.Enter(ref scope, id)</c>), which relies on
/// the local starting all zero: the frame zeroes it when the body zeroes its locals, an <c>initobj</c> otherwise.
/// </summary>
public sealed class EntryShapeTests
{
    [Fact]
    public void Entry_fills_the_scope_in_place_and_zeroes_it_where_the_frame_does_not()
    {
        Assert.Equal(AssemblyStatus.Woven, WovenTargets.Outcome.Status);
        using var module = ModuleDefMD.Load(File.ReadAllBytes(WovenTargets.WovenPath));
        var refOut = module.Find("WeaverTargets.RefOut", isReflectionName: true);

        var zeroing = refOut.FindMethod("StackSum");
        Assert.True(zeroing.Body.InitLocals);
        Assert.Empty(ScopeInitializations(zeroing));
        AssertEntersInPlace(zeroing);

        var notZeroing = refOut.FindMethod("StackSumWithoutZeroing");
        Assert.False(notZeroing.Body.InitLocals); // [SkipLocalsInit] survived weaving
        var initialization = Assert.Single(ScopeInitializations(notZeroing));
        int enter = AssertEntersInPlace(notZeroing);
        Assert.True(notZeroing.Body.Instructions.IndexOf(initialization) < enter, "the scope is zeroed before Enter fills it");
    }

    /// <summary>The Enter call takes the scope by reference and returns nothing; returns its index.</summary>
    private static int AssertEntersInPlace(MethodDef method)
    {
        var instructions = method.Body.Instructions;
        int index = instructions.ToList().FindIndex(i => i.Operand is IMethod { Name.String: "Enter", DeclaringType.Name.String: "Probe" });
        Assert.True(index >= 0, $"{method.Name}: no Probe.Enter call");
        var enter = (IMethod)instructions[index].Operand;
        Assert.Equal("System.Void", enter.MethodSig.RetType.FullName);
        Assert.Equal("DotnetTelemetry.Probes.CallScope&", enter.MethodSig.Params[0].FullName);
        return index;
    }

    private static List<Instruction> ScopeInitializations(MethodDef method)
        => method.Body.Instructions
            .Where(i => i.OpCode.Code == Code.Initobj && i.Operand is ITypeDefOrRef { FullName: "DotnetTelemetry.Probes.CallScope" })
            .ToList();
}
