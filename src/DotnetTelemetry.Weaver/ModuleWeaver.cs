using dnlib.DotNet;
using DotnetTelemetry.Weaver.IL;
using DotnetTelemetry.Weaver.Names;

namespace DotnetTelemetry.Weaver;

/// <summary>
/// Weaves one loaded module: decides for every method whether it is woven (sync wrapper or state machine)
/// or skipped with a reason, builds the module's method table and marks the module as woven.
/// Every check runs before the method's body is touched, so a skipped method is byte-for-byte unchanged.
/// </summary>
internal static class ModuleWeaver
{
    private const string CompilerGeneratedAttribute = "System.Runtime.CompilerServices.CompilerGeneratedAttribute";

    /// <summary>Weaves <paramref name="module"/> in memory; <paramref name="isSelected"/> gets the matching name of each method.</summary>
    public static List<MethodOutcome> Weave(ModuleDef module, Func<string, bool> isSelected)
    {
        var outcomes = new List<MethodOutcome>();
        var stateMachines = FindStateMachines(module);
        var kickoffs = stateMachines.Values.Select(s => s.Kickoff).ToHashSet();
        var probes = new ProbeImports(module);
        var types = module.GetTypes().ToList(); // before the table type is added
        var table = new MethodTableEmitter(module, probes);

        foreach (var type in types)
        {
            stateMachines.TryGetValue(type, out var ownStateMachine);
            foreach (var method in type.Methods.ToList())
            {
                if (ownStateMachine is not null && ReferenceEquals(method, StateMachineWeaver.FindMoveNext(type)))
                {
                    outcomes.Add(WeaveStateMachine(type, ownStateMachine, isSelected, table));
                    continue;
                }
                string? reason = type.IsGlobalModuleType ? SkipReasons.ModuleInitializer
                    : ownStateMachine is not null ? SkipReasons.StateMachinePlumbing
                    : kickoffs.Contains(method) ? SkipReasons.StateMachineKickoff
                    : null;
                outcomes.Add(WeaveMethod(method, reason, isSelected, table));
            }
        }
        table.Complete(module);
        return outcomes;
    }

    private static MethodOutcome WeaveMethod(MethodDef method, string? reason, Func<string, bool> isSelected, MethodTableEmitter table)
    {
        string name = FunctionNames.Of(method);
        reason ??= WhyNotSyncWoven(method, isSelected);
        if (reason is null)
        {
            var (file, line) = SourceLocation.Of(method);
            SyncMethodWeaver.Weave(method, table.Add(name, file, line), table);
        }
        return new MethodOutcome(name, method.FullName, reason);
    }

    private static MethodOutcome WeaveStateMachine(TypeDef type, StateMachine stateMachine, Func<string, bool> isSelected, MethodTableEmitter table)
    {
        var kickoff = stateMachine.Kickoff;
        string name = FunctionNames.Of(kickoff);
        string? reason = WhyNotSelected(kickoff, isSelected) ?? StateMachineWeaver.Check(type, stateMachine.Kind);
        if (reason is null)
        {
            var (file, line) = SourceLocation.Of(StateMachineWeaver.FindMoveNext(type)!);
            StateMachineWeaver.Weave(type, stateMachine.Kind, table.Add(name, file, line), table);
        }
        return new MethodOutcome(name, kickoff.FullName + " (state machine " + type.Name + ")", reason);
    }

    /// <summary>Why the method the developer wrote (a sync method, or a state machine's stub) is not to be woven: compiler plumbing or not selected.</summary>
    internal static string? WhyNotSelected(MethodDef method, Func<string, bool> isSelected)
        => !IsUserCode(method) ? SkipReasons.CompilerGenerated
            : !isSelected(FunctionNames.ForMatching(method)) ? SkipReasons.NotSelected
            : null;

    /// <summary>Why a sync method is not woven (ahead of time and at load time alike), or null.</summary>
    internal static string? WhyNotSyncWoven(MethodDef method, Func<string, bool> isSelected)
        => WhyNotSelected(method, isSelected)
            ?? ((method.ImplAttributes & MethodImplAttributes.AggressiveInlining) != 0 ? SkipReasons.AggressiveInlining : SyncMethodWeaver.Check(method));

    /// <summary>Code the developer wrote: not a compiler-generated accessor, record member or closure plumbing.</summary>
    internal static bool IsUserCode(MethodDef method)
    {
        string name = method.Name;
        if (FunctionNames.IsSourceMethodName(name)) return true;
        if (name.StartsWith('<')) return false;
        if (method.CustomAttributes.IsDefined(CompilerGeneratedAttribute)) return false;
        for (var type = method.DeclaringType; type is not null; type = type.DeclaringType)
        {
            if (type.Name.StartsWith("<", StringComparison.Ordinal)) return false; // closure class or anonymous type member
        }
        return true;
    }

    internal sealed record StateMachine(MethodDef Kickoff, StateMachineKind Kind);

    /// <summary>State machine type -> the method the developer wrote, from the [Async|Iterator|AsyncIterator]StateMachine attributes.</summary>
    internal static Dictionary<TypeDef, StateMachine> FindStateMachines(ModuleDef module)
    {
        var result = new Dictionary<TypeDef, StateMachine>();
        foreach (var type in module.GetTypes())
        {
            foreach (var method in type.Methods)
            {
                foreach (var attribute in method.CustomAttributes)
                {
                    StateMachineKind? kind = attribute.TypeFullName switch
                    {
                        "System.Runtime.CompilerServices.AsyncStateMachineAttribute" => StateMachineKind.Async,
                        "System.Runtime.CompilerServices.IteratorStateMachineAttribute" => StateMachineKind.Iterator,
                        "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute" => StateMachineKind.AsyncIterator,
                        _ => null,
                    };
                    if (kind is null || attribute.ConstructorArguments.Count != 1) continue;
                    if (attribute.ConstructorArguments[0].Value is not TypeSig sig) continue;
                    var stateMachineType = sig.ToTypeDefOrRef()?.ResolveTypeDef();
                    if (stateMachineType is null || stateMachineType.Module != module) continue;
                    result.TryAdd(stateMachineType, new StateMachine(method, kind.Value));
                }
            }
        }
        return result;
    }
}
