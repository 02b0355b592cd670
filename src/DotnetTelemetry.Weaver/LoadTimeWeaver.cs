using dnlib.DotNet;
using dnlib.DotNet.Emit;
using DotnetTelemetry.Weaver.IL;
using DotnetTelemetry.Weaver.Names;

namespace DotnetTelemetry.Weaver;

/// <summary>
/// The weaver's transforms for load-time weaving (the profiler shim's ReJIT pipeline, at start-up or on attach):
/// the same selection, the same transforms and the same function names as ahead-of-time weaving, rewriting the
/// bodies of an already loaded module in memory. Two differences a loaded module imposes:
/// <list type="bullet">
/// <item>Method ids: a loaded module cannot get the method-table class, so each woven method's facts are
/// registered up front and its IL loads the id as a constant.</item>
/// <item>Async methods and iterators: a loaded state machine cannot gain the scope field, so its MoveNext (and
/// an iterator's Dispose) is woven around a probe-side holder instead (<see cref="StateMachineWeaver.WeaveLive"/>):
/// the same spans as ahead of time, from the first step to the completion, calls after each await nested
/// under them. The compiler's stub is not woven, as ahead of time.</item>
/// </list>
/// Nothing here writes a file, adds a type or adds a field.
/// </summary>
public static class LoadTimeWeaver
{
    /// <summary>
    /// One method considered: woven when <see cref="SkipReason"/> is null. <see cref="IsCompanion"/>: rewritten as
    /// part of another method's weaving (an iterator's Dispose, with its MoveNext), not a function of its own.
    /// <see cref="OriginalOffsets"/>: for a woven method, each original instruction with its IL offset before the
    /// weaving, so that the new body's offset map can be given to the runtime (see <see cref="IlOffsetMap"/>).
    /// </summary>
    public sealed record Outcome(MethodDef Method, string FunctionName, string? SkipReason, bool IsCompanion = false,
        IReadOnlyList<(Instruction Instruction, uint Offset)>? OriginalOffsets = null);

    /// <summary>
    /// Weaves the selected methods of <paramref name="module"/> in place. <paramref name="register"/> gets each
    /// woven function's name, file and line and returns the id its IL carries. <paramref name="isSelected"/> gets
    /// the matching name (see <see cref="FunctionNames.ForMatching"/>).
    /// </summary>
    public static IReadOnlyList<Outcome> Weave(ModuleDef module, Func<string, string?, int, int> register, Func<string, bool> isSelected)
    {
        var outcomes = new List<Outcome>();
        if (MethodTableEmitter.IsWoven(module)) return outcomes; // woven ahead of time: its probes are already there
        var stateMachines = ModuleWeaver.FindStateMachines(module);
        var kickoffs = stateMachines.Values.Select(s => s.Kickoff).ToHashSet();
        var probes = new ProbeImports(module);
        foreach (var type in module.GetTypes().ToList())
        {
            if (stateMachines.TryGetValue(type, out var stateMachine))
            {
                WeaveStateMachine(type, stateMachine, probes, register, isSelected, outcomes);
                continue;
            }
            foreach (var method in type.Methods)
            {
                string name = FunctionNames.Of(method);
                string? reason = type.IsGlobalModuleType ? SkipReasons.ModuleInitializer
                    : kickoffs.Contains(method) ? SkipReasons.StateMachineKickoff
                    : ModuleWeaver.WhyNotSyncWoven(method, isSelected);
                if (reason is null)
                {
                    var (file, line) = SourceLocation.Of(method);
                    var offsets = IlOffsetMap.Capture(method.Body);
                    SyncMethodWeaver.Weave(method, probes, LoadConstant(register(name, file, line)));
                    outcomes.Add(new Outcome(method, name, null, OriginalOffsets: offsets));
                    continue;
                }
                outcomes.Add(new Outcome(method, name, reason));
            }
        }
        return outcomes;
    }

    /// <summary>A state machine, under its stub's name and selection; its other methods are plumbing and not reported.</summary>
    private static void WeaveStateMachine(TypeDef type, ModuleWeaver.StateMachine stateMachine, ProbeImports probes,
        Func<string, string?, int, int> register, Func<string, bool> isSelected, List<Outcome> outcomes)
    {
        if (StateMachineWeaver.FindMoveNext(type) is not { } moveNext) return;
        var kickoff = stateMachine.Kickoff;
        string name = FunctionNames.Of(kickoff);
        string? reason = ModuleWeaver.WhyNotSelected(kickoff, isSelected) ?? StateMachineWeaver.Check(type, stateMachine.Kind, live: true);
        if (reason is not null)
        {
            outcomes.Add(new Outcome(moveNext, name, reason));
            return;
        }
        var (file, line) = SourceLocation.Of(moveNext);
        var dispose = stateMachine.Kind == StateMachineKind.Iterator ? StateMachineWeaver.FindDispose(type) : null;
        var moveNextOffsets = IlOffsetMap.Capture(moveNext.Body);
        var disposeOffsets = dispose is null ? null : IlOffsetMap.Capture(dispose.Body);
        StateMachineWeaver.WeaveLive(type, stateMachine.Kind, probes, LoadConstant(register(name, file, line)));
        outcomes.Add(new Outcome(moveNext, name, null, OriginalOffsets: moveNextOffsets));
        if (dispose is not null)
        {
            outcomes.Add(new Outcome(dispose, name, null, IsCompanion: true, OriginalOffsets: disposeOffsets));
        }
    }

    private static Instruction[] LoadConstant(int id) => new[] { Instruction.Create(OpCodes.Ldc_I4, id) };
}
