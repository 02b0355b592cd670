using dnlib.DotNet;
using dnlib.DotNet.Emit;

namespace DotnetTelemetry.Weaver.IL;

/// <summary>Small, careful edits of a method body's instruction list that keep branch targets and handler bounds valid.</summary>
internal static class BodyEditor
{
    /// <summary>
    /// Inserts <paramref name="code"/> so that it runs right before <paramref name="target"/>, including when
    /// the code arrives at <paramref name="target"/> by a branch or a handler boundary: the target instruction
    /// object takes the first new instruction's place and its own opcode moves to a fresh instruction after the code.
    /// Returns the instruction that now carries the original operation.
    /// </summary>
    public static Instruction InsertBefore(IList<Instruction> instructions, Instruction target, IReadOnlyList<Instruction> code)
    {
        if (code.Count == 0) return target;
        var moved = new Instruction(target.OpCode, target.Operand);
        target.OpCode = code[0].OpCode;
        target.Operand = code[0].Operand;
        int index = instructions.IndexOf(target);
        for (int i = 1; i < code.Count; i++)
        {
            instructions.Insert(index + i, code[i]);
        }
        instructions.Insert(index + code.Count, moved);
        // Branches inside the inserted code that pointed at code[0] now mean the reused target instruction.
        foreach (var instruction in code)
        {
            if (ReferenceEquals(instruction.Operand, code[0])) instruction.Operand = target;
        }
        return moved;
    }

    /// <summary>Every instruction some branch, switch or handler bound points at.</summary>
    public static HashSet<Instruction> BranchTargets(CilBody body)
    {
        var targets = new HashSet<Instruction>();
        foreach (var instruction in body.Instructions)
        {
            if (instruction.Operand is Instruction single) targets.Add(single);
            else if (instruction.Operand is Instruction[] many) targets.UnionWith(many);
        }
        return targets;
    }

    public static IEnumerable<Instruction> Targets(Instruction instruction) => instruction.Operand switch
    {
        Instruction single => new[] { single },
        Instruction[] many => many,
        _ => Array.Empty<Instruction>(),
    };
}
