using dnlib.DotNet;
using dnlib.DotNet.Emit;

namespace DotnetTelemetry.Weaver.IL;

/// <summary>
/// Where a woven state machine keeps its <c>CallScope</c>, and the code that reaches it. Ahead of time the
/// weaver adds a field to the state machine (<see cref="InField"/>). A loaded type cannot gain a field, so
/// weaving at run time (ReJIT) keeps the scope in a probe-side holder found at the start of each step and held
/// in a local for the step (<see cref="InHolder"/>); see <c>DotnetTelemetry.Probes.LiveStateMachines</c>.
/// </summary>
internal abstract class StateMachineScope
{
    protected StateMachineScope(ProbeImports probes)
    {
        Probes = probes;
    }

    protected ProbeImports Probes { get; }

    /// <summary>Adds the scope field: for ahead-of-time weaving only.</summary>
    public static StateMachineScope InField(TypeDef stateMachine, ProbeImports probes) => new FieldScope(stateMachine, probes);

    /// <summary>No field: the probes keep a holder per operation (run-time weaving).</summary>
    public static StateMachineScope InHolder(TypeDef stateMachine, StateMachineKind kind, ProbeImports probes) => new HolderScope(stateMachine, kind, probes);

    /// <summary>Declares what the step code of <paramref name="moveNext"/> needs (locals); called once, before the other members.</summary>
    public virtual void Prepare(CilBody moveNext)
    {
    }

    /// <summary>Pushes <c>ref CallScope</c> of the running operation inside MoveNext.</summary>
    public abstract Instruction[] Address();

    /// <summary>Pushes <c>ref CallScope</c> inside the iterator's Dispose.</summary>
    public abstract Instruction[] AddressInDispose();

    /// <summary>The start of MoveNext: pushes the SpanContextToken of the thread's previous span.</summary>
    public abstract List<Instruction> Step(IEnumerable<Instruction> loadId);

    /// <summary>The finally of MoveNext, with the token in <paramref name="previous"/>.</summary>
    public abstract Instruction[] StepEnd(Local previous);

    private sealed class FieldScope : StateMachineScope
    {
        private readonly IField _field;

        public FieldScope(TypeDef stateMachine, ProbeImports probes) : base(probes)
        {
            var field = new FieldDefUser(StateMachineWeaver.ScopeFieldName, new FieldSig(probes.CallScope), FieldAttributes.Public);
            stateMachine.Fields.Add(field);
            _field = StateMachineWeaver.SelfReference(stateMachine.Module, stateMachine, field);
        }

        public override Instruction[] Address() => new[] { Instruction.Create(OpCodes.Ldarg_0), Instruction.Create(OpCodes.Ldflda, _field) };

        public override Instruction[] AddressInDispose() => Address();

        public override List<Instruction> Step(IEnumerable<Instruction> loadId)
        {
            var code = new List<Instruction>(Address());
            code.AddRange(loadId);
            code.Add(Instruction.Create(OpCodes.Call, Probes.AsyncStep));
            return code;
        }

        public override Instruction[] StepEnd(Local previous)
            => new[] { Instruction.Create(OpCodes.Ldloc, previous), Instruction.Create(OpCodes.Call, Probes.AsyncStepEnd) };
    }

    /// <summary>
    /// <code>
    ///   async:     previous = Probe.LiveAsyncStep(this.state == -1, builderRestoresContext, id, out holder)
    ///   iterators: previous = Probe.LiveIteratorStep(this, this.state == initial, id, out holder)
    ///   scope:     ref holder.Scope          Dispose: ref Probe.LiveIteratorScope(this).Scope
    ///   finally:   Probe.LiveAsyncStepEnd(previous, holder)   /   Probe.AsyncStepEnd(previous)
    /// </code>
    /// </summary>
    private sealed class HolderScope : StateMachineScope
    {
        private readonly StateMachineKind _kind;
        private readonly IField _state;
        private readonly int _initialState;
        private readonly bool _builderRestoresContext;
        private Local? _holder;

        public HolderScope(TypeDef stateMachine, StateMachineKind kind, ProbeImports probes) : base(probes)
        {
            _kind = kind;
            var state = StateMachineWeaver.StateField(stateMachine)
                ?? throw new InvalidOperationException("checked by StateMachineWeaver.Check: the state machine has a state field");
            _state = StateMachineWeaver.SelfReference(stateMachine.Module, stateMachine, state);
            _initialState = StateMachineWeaver.InitialState(kind);
            _builderRestoresContext = kind == StateMachineKind.Async && StateMachineWeaver.HasContextRestoringBuilder(stateMachine);
        }

        private Local Holder => _holder ?? throw new InvalidOperationException("Prepare first");

        public override void Prepare(CilBody moveNext) => _holder = moveNext.Variables.Add(new Local(Probes.ScopeHolder));

        public override Instruction[] Address() => new[] { Instruction.Create(OpCodes.Ldloc, Holder), Instruction.Create(OpCodes.Ldflda, Probes.HolderScope) };

        public override Instruction[] AddressInDispose() => new[]
        {
            Instruction.Create(OpCodes.Ldarg_0),
            Instruction.Create(OpCodes.Call, Probes.LiveIteratorScope),
            Instruction.Create(OpCodes.Ldflda, Probes.HolderScope),
        };

        public override List<Instruction> Step(IEnumerable<Instruction> loadId)
        {
            var code = new List<Instruction>();
            bool iterator = _kind != StateMachineKind.Async;
            if (iterator) code.Add(Instruction.Create(OpCodes.Ldarg_0));
            code.Add(Instruction.Create(OpCodes.Ldarg_0));
            code.Add(Instruction.Create(OpCodes.Ldfld, _state));
            code.Add(Instruction.Create(OpCodes.Ldc_I4, _initialState));
            code.Add(Instruction.Create(OpCodes.Ceq));
            if (!iterator) code.Add(Instruction.Create(_builderRestoresContext ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0));
            code.AddRange(loadId);
            code.Add(Instruction.Create(OpCodes.Ldloca, Holder));
            code.Add(Instruction.Create(OpCodes.Call, iterator ? Probes.LiveIteratorStep : Probes.LiveAsyncStep));
            return code;
        }

        public override Instruction[] StepEnd(Local previous) => _kind == StateMachineKind.Async
            ? new[] { Instruction.Create(OpCodes.Ldloc, previous), Instruction.Create(OpCodes.Ldloc, Holder), Instruction.Create(OpCodes.Call, Probes.LiveAsyncStepEnd) }
            : new[] { Instruction.Create(OpCodes.Ldloc, previous), Instruction.Create(OpCodes.Call, Probes.AsyncStepEnd) };
    }
}
