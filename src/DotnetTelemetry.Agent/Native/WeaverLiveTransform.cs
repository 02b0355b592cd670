using dnlib.DotNet;
using DotnetTelemetry.Weaver;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// The weaver's load-time transforms (<see cref="LoadTimeWeaver"/>) behind the live pipeline's interface, with
/// the agent's selection rules: the same selection, transforms and function names as ahead-of-time weaving.
/// </summary>
internal sealed class WeaverLiveTransform : ILiveMethodTransform
{
    private readonly SelectionRules _rules;

    public WeaverLiveTransform(SelectionRules rules)
    {
        _rules = rules;
    }

    public IReadOnlyList<LiveMethodOutcome> Weave(ModuleDefMD module, MethodIdRegistrar register)
    {
        string assemblyName = module.Assembly?.Name ?? module.Name;
        return LoadTimeWeaver.Weave(module, (name, file, line) => register(name, file, line), name => _rules.IsSelected(assemblyName, name))
            .Select(o => new LiveMethodOutcome(o.Method, o.FunctionName, o.SkipReason, o.IsCompanion, o.OriginalOffsets))
            .ToList();
    }
}
