using dnlib.DotNet;
using dnlib.DotNet.Emit;
using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>
/// IL that C# never emits, built with dnlib: an explicit `tail.` call (F# emits them; deep tail recursion depends
/// on them, so the method is skipped rather than turned into a stack overflow) and `jmp` (skipped too). Both still work.
/// </summary>
public sealed class CraftedILTests
{
    [Fact]
    public void Explicit_tail_calls_and_jmp_are_skipped_and_still_work()
    {
        using var temp = new TempDirectory("weaver-crafted");
        string input = temp.File("in/Crafted.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        BuildCraftedAssembly(input);

        var outcome = AssemblyFileWeaver.Weave(input, temp.File("Crafted.dll"), SelectionRules.Default);

        Assert.Equal(AssemblyStatus.Woven, outcome.Status);
        Assert.Contains(outcome.Methods, m => m.FunctionName == "Crafted.Calls.TailCount" && m.SkipReason == SkipReasons.TailCall);
        Assert.Contains(outcome.Methods, m => m.FunctionName == "Crafted.Calls.Increment" && m.Woven);
        Assert.Contains(outcome.Methods, m => m.FunctionName == "Crafted.Calls.Jumper" && m.SkipReason == SkipReasons.Jmp);
        var context = new IsolatedContext(temp.Path);
        try
        {
            var type = context.LoadFromAssemblyPath(temp.File("Crafted.dll")).GetType("Crafted.Calls")!;
            Assert.Equal(1_000_000, type.GetMethod("TailCount")!.Invoke(null, new object[] { 1_000_000, 0 })); // no stack overflow
            Assert.Equal(42, type.GetMethod("Jumper")!.Invoke(null, new object[] { 41 }));
            Assert.Empty(JitCompiler.CompileAll(type.Assembly).InvalidPrograms);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>
    /// Crafted.Calls.TailCount(n, acc) => n == 0 ? acc : tail. TailCount(n - 1, acc + 1);
    /// Crafted.Calls.Jumper(x) => jmp Increment(x);  Increment(x) => x + 1.
    /// </summary>
    private static void BuildCraftedAssembly(string path)
    {
        var module = new ModuleDefUser("Crafted.dll", Guid.Parse("6d1c4e0e-0b6a-4d2e-9f4f-3f1b2a8c9d01"), new AssemblyRefUser(typeof(object).Assembly.GetName()));
        module.Kind = ModuleKind.Dll;
        var assembly = new AssemblyDefUser("Crafted", new Version(1, 0, 0, 0));
        assembly.Modules.Add(module);
        var type = new TypeDefUser("Crafted", "Calls", module.CorLibTypes.Object.TypeDefOrRef)
        {
            Attributes = TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed,
        };
        module.Types.Add(type);
        var int32 = module.CorLibTypes.Int32;
        const MethodAttributes Static = MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig;

        var tailCount = new MethodDefUser("TailCount", MethodSig.CreateStatic(int32, int32, int32), Static);
        type.Methods.Add(tailCount);
        var body = new CilBody();
        var recurse = Instruction.Create(OpCodes.Ldarg_0);
        body.Instructions.Add(Instruction.Create(OpCodes.Ldarg_0));
        body.Instructions.Add(Instruction.Create(OpCodes.Brtrue_S, recurse));
        body.Instructions.Add(Instruction.Create(OpCodes.Ldarg_1));
        body.Instructions.Add(Instruction.Create(OpCodes.Ret));
        body.Instructions.Add(recurse);
        body.Instructions.Add(Instruction.Create(OpCodes.Ldc_I4_1));
        body.Instructions.Add(Instruction.Create(OpCodes.Sub));
        body.Instructions.Add(Instruction.Create(OpCodes.Ldarg_1));
        body.Instructions.Add(Instruction.Create(OpCodes.Ldc_I4_1));
        body.Instructions.Add(Instruction.Create(OpCodes.Add));
        body.Instructions.Add(Instruction.Create(OpCodes.Tailcall));
        body.Instructions.Add(Instruction.Create(OpCodes.Call, tailCount));
        body.Instructions.Add(Instruction.Create(OpCodes.Ret));
        tailCount.Body = body;

        var increment = new MethodDefUser("Increment", MethodSig.CreateStatic(int32, int32), Static);
        type.Methods.Add(increment);
        increment.Body = new CilBody();
        increment.Body.Instructions.Add(Instruction.Create(OpCodes.Ldarg_0));
        increment.Body.Instructions.Add(Instruction.Create(OpCodes.Ldc_I4_1));
        increment.Body.Instructions.Add(Instruction.Create(OpCodes.Add));
        increment.Body.Instructions.Add(Instruction.Create(OpCodes.Ret));

        var jumper = new MethodDefUser("Jumper", MethodSig.CreateStatic(int32, int32), Static);
        type.Methods.Add(jumper);
        jumper.Body = new CilBody();
        jumper.Body.Instructions.Add(Instruction.Create(OpCodes.Jmp, increment));

        module.Write(path);
    }
}
