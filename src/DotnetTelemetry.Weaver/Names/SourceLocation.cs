using dnlib.DotNet;

namespace DotnetTelemetry.Weaver.Names;

/// <summary>File and line of a method: its first visible sequence point in the PDB (portable or embedded), when there is one.</summary>
internal static class SourceLocation
{
    private const int HiddenLine = 0xFEEFEE;

    public static (string? File, int Line) Of(MethodDef method)
    {
        if (!method.HasBody) return (null, 0);
        foreach (var instruction in method.Body.Instructions)
        {
            var point = instruction.SequencePoint;
            if (point is null || point.StartLine == HiddenLine || point.StartLine <= 0) continue;
            return (point.Document?.Url, point.StartLine);
        }
        return (null, 0);
    }
}
