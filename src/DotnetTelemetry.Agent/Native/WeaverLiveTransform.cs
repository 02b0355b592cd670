using dnlib.DotNet;
using dnlib.DotNet.Emit;
using DotnetTelemetry.Weaver;
using DotnetTelemetry.Weaver.IL;
using DotnetTelemetry.Weaver.Names;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// The weaver's transforms, applied for ReJIT: the same selection, the same sync wrapper and the same
/// function names as ahead-of-time weaving, with two differences a loaded module imposes.
/// <list type="bullet">
/// <item>Method ids: a loaded module cannot get the weaver's method-table class, so each woven method
/// is registered with the probes' <c>MethodRegistry</c> now and its IL loads that id as a constant.</item>
/// <item>Async methods and iterators: their state machine would need a new field for the scope, and
/// ReJIT cannot add fields. The compiler's stub method (the one the developer wrote, which creates and
/// starts the state machine) is wrapped as a sync method instead: the same function name and one
/// entry/exit per call, but the span ends when the stub returns (at the first await that does not
/// complete at once), and calls made after that await are not nested under it.</item>
/// </list>
/// </summary>
internal sealed class WeaverLiveTransform : ILiveMethodTransform
{
    public const string StateMachineReason = "async/iterator state machine: ReJIT cannot add its scope field (its stub method is woven instead)";

    private readonly SelectionRules _rules;

    public WeaverLiveTransform(SelectionRules rules)
    {
        _rules = rules;
    }

    public IReadOnlyList<LiveMethodOutcome> Weave(ModuleDefMD module, MethodIdRegistrar register)
    {
        var outcomes = new List<LiveMethodOutcome>();
        if (MethodTableEmitter.IsWoven(module))
        {
            return outcomes; // woven ahead of time: its probes are already in the file
        }
        string assemblyName = module.Assembly?.Name ?? module.Name;
        var stateMachines = ModuleWeaver.FindStateMachines(module);
        var types = module.GetTypes().ToList(); // before the (unused) table type is added
        var table = new MethodTableEmitter(module, new ProbeImports(module));

        foreach (var type in types)
        {
            bool isStateMachine = stateMachines.ContainsKey(type);
            foreach (var method in type.Methods.ToList())
            {
                string name = FunctionNames.Of(method);
                string? reason = type.IsGlobalModuleType ? SkipReasons.ModuleInitializer
                    : isStateMachine ? StateMachineReason
                    : !ModuleWeaver.IsUserCode(method) ? SkipReasons.CompilerGenerated
                    : !_rules.IsSelected(assemblyName, FunctionNames.ForMatching(method)) ? SkipReasons.NotSelected
                    : (method.ImplAttributes & MethodImplAttributes.AggressiveInlining) != 0 ? SkipReasons.AggressiveInlining
                    : SyncMethodWeaver.Check(method);
                if (reason is null)
                {
                    var (file, line) = SourceLocation.Of(method);
                    int index = table.Add(name, file, line);
                    SyncMethodWeaver.Weave(method, index, table);
                    LoadIdAsConstant(method.Body, table.BaseField, index, register(name, file, line));
                }
                outcomes.Add(new LiveMethodOutcome(method, name, reason));
            }
        }
        return outcomes;
    }

    /// <summary>
    /// Replaces the weaver's <c>ldsfld Base; ldc.i4 index; add</c> with <c>ldc.i4 id; nop; nop</c>.
    /// Same or smaller sizes, so the short branches the weaver laid out stay in range.
    /// </summary>
    internal static void LoadIdAsConstant(CilBody body, FieldDef baseField, int index, int id)
    {
        var instructions = body.Instructions;
        for (int i = 0; i + 2 < instructions.Count; i++)
        {
            if (instructions[i].OpCode.Code == Code.Ldsfld && ReferenceEquals(instructions[i].Operand, baseField)
                && instructions[i + 1].IsLdcI4() && instructions[i + 1].GetLdcI4Value() == index
                && instructions[i + 2].OpCode.Code == Code.Add)
            {
                instructions[i].OpCode = OpCodes.Ldc_I4;
                instructions[i].Operand = id;
                instructions[i + 1].OpCode = OpCodes.Nop;
                instructions[i + 1].Operand = null;
                instructions[i + 2].OpCode = OpCodes.Nop;
                return;
            }
        }
        throw new LiveWeavingException("the woven body does not load its method id as expected");
    }
}
