using dnlib.DotNet;
using dnlib.DotNet.Emit;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// Decides which methods of a module are woven and rewrites their bodies in memory (the weaver's
/// transforms behind an interface, so the live pipeline does not depend on how they decide).
/// </summary>
internal interface ILiveMethodTransform
{
    /// <summary>
    /// Weaves the selected methods of <paramref name="module"/> in place. Each woven method's static
    /// facts go through <paramref name="register"/>, whose result is the method id its IL must carry.
    /// Returns every method considered, woven (no skip reason) or not.
    /// </summary>
    IReadOnlyList<LiveMethodOutcome> Weave(ModuleDefMD module, MethodIdRegistrar register);
}

/// <summary>Registers a woven method's static facts and returns its method id.</summary>
internal delegate int MethodIdRegistrar(string functionName, string? file, int line);

/// <summary>
/// One method the transform considered; <see cref="SkipReason"/> is null when its body was rewritten.
/// <see cref="IsCompanion"/>: rewritten as part of another method's weaving (an iterator's Dispose with its
/// MoveNext), so ReJIT'ed with it but not reported as a function of its own.
/// </summary>
internal sealed record LiveMethodOutcome(MethodDef Method, string FunctionName, string? SkipReason, bool IsCompanion = false,
    IReadOnlyList<(Instruction Instruction, uint Offset)>? OriginalOffsets = null);
