using dnlib.DotNet;
using dnlib.DotNet.Emit;

namespace DotnetTelemetry.Weaver.IL;

/// <summary>What kind of compiler state machine a method's body lives in.</summary>
internal enum StateMachineKind
{
    Async,
    Iterator,
    AsyncIterator,
}

/// <summary>
/// Weaves the state machine of an async method or iterator so that one span covers the whole operation:
/// <code>
///   MoveNext():
///     previous = Probe.AsyncStep(ref this.scope, id)        // the first step records the entry
///     try { body, where builder.SetResult(..) is preceded by Probe.AsyncComplete(ref this.scope)
///                 and builder.SetException(e) by Probe.AsyncFault(ref this.scope, e) }
///     [iterators: filter { Probe.AsyncFault(ref this.scope, e); false } and AsyncComplete when MoveNext returns false]
///     finally { Probe.AsyncStepEnd(previous) }
///   Dispose() (iterators): Probe.AsyncComplete(ref this.scope) first, so an enumeration abandoned early ends its span.
/// </code>
/// Ahead of time the scope lives in a field added to the state machine, so it survives awaits without AsyncLocal.
/// At run time a loaded type cannot gain that field: <see cref="WeaveLive"/> weaves the same shape around a
/// probe-side holder instead (see <see cref="StateMachineScope"/>), found from the state field on each step.
/// </summary>
internal static class StateMachineWeaver
{
    public const string ScopeFieldName = "<>t__telemetryScope";
    private const string BuilderField = "<>t__builder";
    private const string PromiseField = "<>v__promiseOfValueOrEnd";
    private const string StateFieldName = "<>1__state";

    public static MethodDef? FindMoveNext(TypeDef stateMachine)
        => stateMachine.Methods.FirstOrDefault(m => m.Name == "MoveNext" && !m.IsStatic && m.Parameters.Count == 1 && m.HasBody);

    public static MethodDef? FindDispose(TypeDef stateMachine)
        => stateMachine.Methods.FirstOrDefault(m => !m.IsStatic && m.HasBody && m.Parameters.Count == 1
            && (m.Name == "System.IDisposable.Dispose" || m.Overrides.Any(o => o.MethodDeclaration.Name == "Dispose"
                && o.MethodDeclaration.DeclaringType.FullName == "System.IDisposable")));

    /// <summary>Why the state machine cannot be woven, or null. <paramref name="live"/>: for <see cref="WeaveLive"/>.</summary>
    public static string? Check(TypeDef stateMachine, StateMachineKind kind, bool live = false)
    {
        if (stateMachine.Fields.Any(f => f.Name == ScopeFieldName)) return SkipReasons.UnsupportedStateMachine;
        if (live && StateField(stateMachine) is null) return SkipReasons.UnsupportedStateMachine;
        var moveNext = FindMoveNext(stateMachine);
        if (moveNext is null) return SkipReasons.UnsupportedStateMachine;
        if (SyncMethodWeaver.Check(moveNext) is { } reason) return reason;
        var returns = moveNext.MethodSig.RetType.ElementType;
        switch (kind)
        {
            case StateMachineKind.Iterator:
                if (returns != ElementType.Boolean) return SkipReasons.UnsupportedStateMachine;
                if (FindDispose(stateMachine) is { } dispose && SyncMethodWeaver.Check(dispose) is { } disposeReason) return disposeReason;
                break;
            case StateMachineKind.Async:
                if (returns != ElementType.Void || Field(stateMachine, BuilderField) is null) return SkipReasons.UnsupportedStateMachine;
                break;
            case StateMachineKind.AsyncIterator:
                if (returns != ElementType.Void || Field(stateMachine, PromiseField) is null) return SkipReasons.UnsupportedStateMachine;
                break;
        }
        return null;
    }

    /// <summary>Ahead of time: the scope goes into a field added to the state machine.</summary>
    public static void Weave(TypeDef stateMachine, StateMachineKind kind, int index, MethodTableEmitter table)
        => Weave(stateMachine, kind, table.Probes, table.LoadId(index), StateMachineScope.InField(stateMachine, table.Probes));

    /// <summary>At run time (ReJIT of a loaded type): no new field, the probes keep the scope in a holder.</summary>
    public static void WeaveLive(TypeDef stateMachine, StateMachineKind kind, ProbeImports probes, IEnumerable<Instruction> loadId)
        => Weave(stateMachine, kind, probes, loadId, StateMachineScope.InHolder(stateMachine, kind, probes));

    private static void Weave(TypeDef stateMachine, StateMachineKind kind, ProbeImports probes, IEnumerable<Instruction> loadId, StateMachineScope scope)
    {
        var module = stateMachine.Module;

        var moveNext = FindMoveNext(stateMachine)!;
        var body = moveNext.Body;
        body.SimplifyMacros(moveNext.Parameters);
        scope.Prepare(body);
        var instructions = body.Instructions;
        var tryStart = instructions[0];

        var previous = body.Variables.Add(new Local(probes.SpanContextToken));
        var exception = body.Variables.Add(new Local(probes.Exception));
        bool isIterator = kind == StateMachineKind.Iterator;
        var result = isIterator ? body.Variables.Add(new Local(module.CorLibTypes.Boolean)) : null;

        if (!isIterator) MarkCompletions(stateMachine, kind, instructions, scope, exception, previous, probes);

        var end = isIterator ? Instruction.Create(OpCodes.Ldloc, result) : Instruction.Create(OpCodes.Nop);
        ReplaceReturns(instructions, result, end, scope, probes);

        var stepEnd = scope.StepEnd(previous);
        var firstAppended = isIterator ? Instruction.Create(OpCodes.Isinst, probes.Exception.ToTypeDefOrRef()) : stepEnd[0];
        SyncMethodWeaver.CloseOpenHandlers(body, firstAppended);
        var finallyStart = stepEnd[0];
        if (isIterator)
        {
            var handlerStart = Instruction.Create(OpCodes.Pop);
            var filter = new List<Instruction> { firstAppended, Instruction.Create(OpCodes.Stloc, exception) };
            filter.AddRange(scope.Address());
            filter.Add(Instruction.Create(OpCodes.Ldloc, exception));
            filter.Add(Instruction.Create(OpCodes.Call, probes.AsyncFault));
            filter.Add(Instruction.Create(OpCodes.Ldc_I4_0));
            filter.Add(Instruction.Create(OpCodes.Endfilter));
            filter.Add(handlerStart);
            filter.Add(Instruction.Create(OpCodes.Leave, end));
            SyncMethodWeaver.Append(instructions, filter.ToArray());
            body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Filter)
            {
                TryStart = tryStart,
                TryEnd = firstAppended,
                FilterStart = firstAppended,
                HandlerStart = handlerStart,
                HandlerEnd = finallyStart,
            });
        }
        SyncMethodWeaver.Append(instructions, stepEnd);
        SyncMethodWeaver.Append(instructions,
            Instruction.Create(OpCodes.Endfinally),
            end,
            Instruction.Create(OpCodes.Ret));
        body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
        {
            TryStart = tryStart,
            TryEnd = finallyStart,
            HandlerStart = finallyStart,
            HandlerEnd = end,
        });

        var step = scope.Step(loadId);
        step.Add(Instruction.Create(OpCodes.Stloc, previous));
        for (int i = 0; i < step.Count; i++) instructions.Insert(i, step[i]);
        SyncMethodWeaver.ShareSequencePoint(step[0], tryStart);

        body.KeepOldMaxStack = false;
        body.OptimizeMacros();

        if (isIterator && FindDispose(stateMachine) is { } dispose) WeaveDispose(dispose, scope, probes);
    }

    /// <summary>Iterators: an enumeration disposed before its end (a `break` in foreach) ends its span here.</summary>
    private static void WeaveDispose(MethodDef dispose, StateMachineScope scope, ProbeImports probes)
    {
        var body = dispose.Body;
        body.SimplifyMacros(dispose.Parameters);
        var code = new List<Instruction>(scope.AddressInDispose()) { Instruction.Create(OpCodes.Call, probes.AsyncComplete) };
        for (int i = 0; i < code.Count; i++) body.Instructions.Insert(i, code[i]);
        body.KeepOldMaxStack = false;
        body.OptimizeMacros();
    }

    /// <summary>
    /// Puts AsyncComplete before the builder's SetResult and AsyncFault before its SetException, then gives the thread
    /// its previous span back: SetResult may run the awaiting code inline (a framework's loop that goes on to its next
    /// request, say), which must not run as a child of this operation. The step's finally restores it again (a no-op).
    /// </summary>
    private static void MarkCompletions(TypeDef stateMachine, StateMachineKind kind, IList<Instruction> instructions, StateMachineScope scope,
        Local exception, Local previous, ProbeImports probes)
    {
        string? completionType = GenericDefinitionName(Field(stateMachine, kind == StateMachineKind.AsyncIterator ? PromiseField : BuilderField)!.FieldType);
        foreach (var call in instructions.Where(i => i.OpCode.Code is Code.Call or Code.Callvirt).ToList())
        {
            if (call.Operand is not IMethod { Name.String: var name } target) continue;
            if (name is not ("SetResult" or "SetException")) continue;
            if (GenericDefinitionName(target.DeclaringType?.ToTypeSig()) != completionType) continue;

            if (name == "SetException")
            {
                var code = new List<Instruction> { Instruction.Create(OpCodes.Stloc, exception) };
                code.AddRange(scope.Address());
                code.Add(Instruction.Create(OpCodes.Ldloc, exception));
                code.Add(Instruction.Create(OpCodes.Call, probes.AsyncFault));
                code.Add(Instruction.Create(OpCodes.Ldloc, exception));
                code.AddRange(scope.StepEnd(previous));
                BodyEditor.InsertBefore(instructions, call, code);
            }
            else if (kind == StateMachineKind.AsyncIterator)
            {
                // promise.SetResult(true) hands out the next item; SetResult(false) ends the enumeration.
                var skip = Instruction.Create(OpCodes.Brtrue, (Instruction)null!);
                var code = new List<Instruction> { Instruction.Create(OpCodes.Dup), skip };
                code.AddRange(scope.Address());
                code.Add(Instruction.Create(OpCodes.Call, probes.AsyncComplete));
                var restore = scope.StepEnd(previous);
                code.AddRange(restore);
                BodyEditor.InsertBefore(instructions, call, code);
                skip.Operand = restore[0]; // an item handed out (true) skips the end, not the restore
            }
            else
            {
                var code = new List<Instruction>(scope.Address()) { Instruction.Create(OpCodes.Call, probes.AsyncComplete) };
                code.AddRange(scope.StepEnd(previous));
                BodyEditor.InsertBefore(instructions, call, code);
            }
        }
    }

    /// <summary>Each ret leaves to the end; an iterator's MoveNext returning false first ends the span.</summary>
    private static void ReplaceReturns(IList<Instruction> instructions, Local? result, Instruction end, StateMachineScope scope, ProbeImports probes)
    {
        foreach (var ret in instructions.Where(i => i.OpCode.Code == Code.Ret).ToList())
        {
            if (result is null)
            {
                ret.OpCode = OpCodes.Leave;
                ret.Operand = end;
                continue;
            }
            var leave = Instruction.Create(OpCodes.Leave, end);
            ret.OpCode = OpCodes.Stloc;
            ret.Operand = result;
            int at = instructions.IndexOf(ret) + 1;
            var code = new List<Instruction> { Instruction.Create(OpCodes.Ldloc, result), Instruction.Create(OpCodes.Brtrue, leave) };
            code.AddRange(scope.Address());
            code.Add(Instruction.Create(OpCodes.Call, probes.AsyncComplete));
            code.Add(leave);
            for (int i = 0; i < code.Count; i++) instructions.Insert(at + i, code[i]);
        }
    }

    private static FieldDef? Field(TypeDef type, string name) => type.Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>The C# compiler's state field (an int32 named <c>&lt;&gt;1__state</c>).</summary>
    internal static FieldDef? StateField(TypeDef stateMachine)
        => Field(stateMachine, StateFieldName) is { FieldType.ElementType: ElementType.I4 } field ? field : null;

    /// <summary>
    /// The value the state field holds when MoveNext runs for the first time (the C# compiler's constants):
    /// async methods start "not started / running" (-1), iterators at their initial state (0, set by
    /// GetEnumerator), async iterators at their own initial state (-3, set by GetAsyncEnumerator).
    /// </summary>
    internal static int InitialState(StateMachineKind kind) => kind switch
    {
        StateMachineKind.Async => -1,
        StateMachineKind.Iterator => 0,
        _ => -3,
    };

    /// <summary>
    /// The BCL's async method builders start the state machine through one routine that restores the caller's
    /// execution context when the first step returns; a custom builder may not.
    /// </summary>
    internal static bool HasContextRestoringBuilder(TypeDef stateMachine)
        => Field(stateMachine, BuilderField) is { } builder && GenericDefinitionName(builder.FieldType) is { } name
           && ContextRestoringBuilders.Contains(name);

    private static readonly HashSet<string> ContextRestoringBuilders = new(StringComparer.Ordinal)
    {
        "System.Runtime.CompilerServices.AsyncTaskMethodBuilder",
        "System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1",
        "System.Runtime.CompilerServices.AsyncValueTaskMethodBuilder",
        "System.Runtime.CompilerServices.AsyncValueTaskMethodBuilder`1",
        "System.Runtime.CompilerServices.AsyncVoidMethodBuilder",
        "System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder",
        "System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder`1",
    };

    private static string? GenericDefinitionName(TypeSig? type)
    {
        type = type?.RemovePinnedAndModifiers();
        return type switch
        {
            null => null,
            GenericInstSig generic => generic.GenericType.TypeDefOrRef.FullName,
            _ => type.ToTypeDefOrRef()?.FullName,
        };
    }

    /// <summary>A reference to a field of <paramref name="type"/> usable from its own methods: on a generic type, through its self-instantiation.</summary>
    internal static IField SelfReference(ModuleDef module, TypeDef type, FieldDef field)
    {
        if (type.GenericParameters.Count == 0) return field;
        var arguments = type.GenericParameters.Select(p => (TypeSig)new GenericVar(p.Number, type)).ToList();
        ClassOrValueTypeSig definition = type.IsValueType ? new ValueTypeSig(type) : new ClassSig(type);
        var instance = new TypeSpecUser(new GenericInstSig(definition, arguments));
        return new MemberRefUser(module, field.Name, new FieldSig(field.FieldType), instance);
    }
}
