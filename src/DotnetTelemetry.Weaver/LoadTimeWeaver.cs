using dnlib.DotNet;
using dnlib.DotNet.Emit;
using DotnetTelemetry.Weaver.IL;
using DotnetTelemetry.Weaver.Names;

namespace DotnetTelemetry.Weaver;

/// <summary>
/// The weaver's transforms for load-time weaving (the profiler shim's ReJIT pipeline): the same synchronous
/// wrapper as <c>instrument</c>, rewriting bodies of an already loaded module in memory. A loaded type cannot
/// gain a field or a new class, so there is no method table (each method's id is registered up front and
/// woven in as a constant) and no state-machine field: async methods and iterators are skipped rather than
/// given a span that would end at their first await. Nothing here writes a file.
/// </summary>
public static class LoadTimeWeaver
{
    public const string StateMachineNeedsAheadOfTime =
        "async method or iterator (load-time weaving cannot add the state-machine field; use instrument or run --mode weave)";

    /// <summary>One method considered: woven when <see cref="SkipReason"/> is null.</summary>
    public sealed record Outcome(MethodDef Method, string FunctionName, string? SkipReason);

    /// <summary>
    /// Weaves the selected synchronous methods of <paramref name="module"/> in place. <paramref name="register"/>
    /// gets each woven method's function name, file and line and returns the id its IL carries.
    /// <paramref name="isSelected"/> gets the matching name (see <see cref="FunctionNames.ForMatching"/>).
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
            bool plumbing = stateMachines.ContainsKey(type);
            foreach (var method in type.Methods)
            {
                string name = FunctionNames.Of(stateMachines.TryGetValue(type, out var owner) ? owner.Kickoff : method);
                string? reason = type.IsGlobalModuleType ? SkipReasons.ModuleInitializer
                    : plumbing || kickoffs.Contains(method) ? StateMachineNeedsAheadOfTime
                    : !ModuleWeaver.IsUserCode(method) ? SkipReasons.CompilerGenerated
                    : !isSelected(FunctionNames.ForMatching(method)) ? SkipReasons.NotSelected
                    : (method.ImplAttributes & MethodImplAttributes.AggressiveInlining) != 0 ? SkipReasons.AggressiveInlining
                    : SyncMethodWeaver.Check(method);
                if (reason is null)
                {
                    var (file, line) = SourceLocation.Of(method);
                    int id = register(name, file, line);
                    SyncMethodWeaver.Weave(method, probes, new[] { Instruction.Create(OpCodes.Ldc_I4, id) });
                }
                outcomes.Add(new Outcome(method, name, reason));
            }
        }
        return outcomes;
    }
}
