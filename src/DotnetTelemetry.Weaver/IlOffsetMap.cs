using dnlib.DotNet.Emit;

namespace DotnetTelemetry.Weaver;

/// <summary>
/// Where each original instruction of a method body ended up after weaving. A body rewritten at run time keeps the
/// original's sequence points (the PDB does not change), so the runtime needs this map to give a frame of the woven
/// code its original IL offset, and with it the right source line in stack traces. Weaving only inserts code and
/// rewrites instructions in place (an instruction object that gets code inserted before it starts that code), so
/// both columns grow together.
/// </summary>
public static class IlOffsetMap
{
    /// <summary>The instructions of a body not yet woven, with their offsets in the original (as read from the file).</summary>
    public static IReadOnlyList<(Instruction Instruction, uint Offset)> Capture(CilBody body)
        => body.Instructions.Select(i => (i, i.Offset)).ToList();

    /// <summary>
    /// (original offset, new offset) pairs for the woven <paramref name="body"/>, sorted by both; pairs whose new
    /// offset would run backwards are left out rather than given to the runtime unsorted.
    /// </summary>
    public static (uint[] Original, uint[] New) Build(CilBody body, IReadOnlyList<(Instruction Instruction, uint Offset)> original)
    {
        body.UpdateInstructionOffsets();
        var originals = new List<uint>(original.Count);
        var news = new List<uint>(original.Count);
        foreach (var (instruction, offset) in original.OrderBy(p => p.Offset))
        {
            if (originals.Count > 0 && (offset <= originals[^1] || instruction.Offset < news[^1])) continue;
            originals.Add(offset);
            news.Add(instruction.Offset);
        }
        return (originals.ToArray(), news.ToArray());
    }
}
