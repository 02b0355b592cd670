using dnlib.DotNet.Emit;

namespace DotnetTelemetry.Weaver.IL;

/// <summary>
/// Size limits that keep a woven method under the JIT's MinOpts switch-over. RyuJIT compiles a method without
/// optimizations when it has more than 60,000 bytes of IL, 20,000 instructions, 2,000 basic blocks,
/// 2,000 locals or 8,000 local references (DEFAULT_MIN_OPTS_* in the JIT). Weaving adds about 40 bytes,
/// 20 instructions, 6 blocks, 3 locals and 8 local references, so a method already close to a limit is
/// skipped rather than silently made slow.
/// </summary>
internal static class BodyLimits
{
    public const int MaxCodeSize = 59_000;
    public const int MaxInstructions = 19_000;
    public const int MaxLocals = 1_900;
    public const int MaxBranches = 1_800;

    public static string? Check(CilBody body)
    {
        int size = 0, branches = 0;
        foreach (var instruction in body.Instructions)
        {
            size += instruction.GetSize();
            if (instruction.OpCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch) branches++;
        }
        if (size > MaxCodeSize) return SkipReasons.TooLarge;
        if (body.Instructions.Count > MaxInstructions) return SkipReasons.TooLarge;
        if (body.Variables.Count > MaxLocals) return SkipReasons.TooLarge;
        if (branches > MaxBranches) return SkipReasons.TooLarge;
        return null;
    }
}
