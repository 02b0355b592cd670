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
/// The scope lives in a field added to the state machine, so it survives awaits without AsyncLocal.
/// </summary>
internal static class StateMachineWeaver
{
    public const string ScopeFieldName = "<>t__telemetryScope";
    private const string BuilderField = "<>t__builder";
    private const string PromiseField = "<>v__promiseOfValueOrEnd";

    public static MethodDef? FindMoveNext(TypeDef stateMachine)
        => stateMachine.Methods.FirstOrDefault(m => m.Name == "MoveNext" && !m.IsStatic && m.Parameters.Count == 1 && m.HasBody);

    public static MethodDef? FindDispose(TypeDef stateMachine)
        => stateMachine.Methods.FirstOrDefault(m => !m.IsStatic && m.HasBody && m.Parameters.Count == 1
            && (m.Name == "System.IDisposable.Dispose" || m.Overrides.Any(o => o.MethodDeclaration.Name == "Dispose"
                && o.MethodDeclaration.DeclaringType.FullName == "System.IDisposable")));

    public static string? Check(TypeDef stateMachine, StateMachineKind kind)
    {
        if (stateMachine.Fields.Any(f => f.Name == ScopeFieldName)) return SkipReasons.UnsupportedStateMachine;
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

    public static void Weave(TypeDef stateMachine, StateMachineKind kind, int index, MethodTableEmitter table)
    {
        var probes = table.Probes;
        var module = stateMachine.Module;
        var scopeField = new FieldDefUser(ScopeFieldName, new FieldSig(probes.CallScope), FieldAttributes.Public);
        stateMachine.Fields.Add(scopeField);
        var scope = SelfReference(module, stateMachine, scopeField);

        var moveNext = FindMoveNext(stateMachine)!;
        var body = moveNext.Body;
        body.SimplifyMacros(moveNext.Parameters);
        var instructions = body.Instructions;
        var tryStart = instructions[0];

        var previous = body.Variables.Add(new Local(probes.SpanContextToken));
        var exception = body.Variables.Add(new Local(probes.Exception));
        bool isIterator = kind == StateMachineKind.Iterator;
        var result = isIterator ? body.Variables.Add(new Local(module.CorLibTypes.Boolean)) : null;

        if (!isIterator) MarkCompletions(stateMachine, kind, instructions, scope, exception, probes);

        var end = isIterator ? Instruction.Create(OpCodes.Ldloc, result) : Instruction.Create(OpCodes.Nop);
        ReplaceReturns(instructions, result, end, scope, probes);

        var firstAppended = isIterator ? Instruction.Create(OpCodes.Isinst, probes.Exception.ToTypeDefOrRef()) : Instruction.Create(OpCodes.Ldloc, previous);
        SyncMethodWeaver.CloseOpenHandlers(body, firstAppended);
        Instruction finallyStart;
        if (isIterator)
        {
            var handlerStart = Instruction.Create(OpCodes.Pop);
            finallyStart = Instruction.Create(OpCodes.Ldloc, previous);
            SyncMethodWeaver.Append(instructions,
                firstAppended,
                Instruction.Create(OpCodes.Stloc, exception),
                Instruction.Create(OpCodes.Ldarg_0),
                Instruction.Create(OpCodes.Ldflda, scope),
                Instruction.Create(OpCodes.Ldloc, exception),
                Instruction.Create(OpCodes.Call, probes.AsyncFault),
                Instruction.Create(OpCodes.Ldc_I4_0),
                Instruction.Create(OpCodes.Endfilter),
                handlerStart,
                Instruction.Create(OpCodes.Leave, end));
            body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Filter)
            {
                TryStart = tryStart,
                TryEnd = firstAppended,
                FilterStart = firstAppended,
                HandlerStart = handlerStart,
                HandlerEnd = finallyStart,
            });
            instructions.Add(finallyStart);
        }
        else
        {
            finallyStart = firstAppended;
            instructions.Add(finallyStart);
        }
        SyncMethodWeaver.Append(instructions,
            Instruction.Create(OpCodes.Call, probes.AsyncStepEnd),
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

        var step = new List<Instruction> { Instruction.Create(OpCodes.Ldarg_0), Instruction.Create(OpCodes.Ldflda, scope) };
        step.AddRange(table.LoadId(index));
        step.Add(Instruction.Create(OpCodes.Call, probes.AsyncStep));
        step.Add(Instruction.Create(OpCodes.Stloc, previous));
        for (int i = 0; i < step.Count; i++) instructions.Insert(i, step[i]);
        SyncMethodWeaver.ShareSequencePoint(step[0], tryStart);

        body.KeepOldMaxStack = false;
        body.OptimizeMacros();

        if (isIterator && FindDispose(stateMachine) is { } dispose) WeaveDispose(dispose, scope, probes);
    }

    /// <summary>Iterators: an enumeration disposed before its end (a `break` in foreach) ends its span here.</summary>
    private static void WeaveDispose(MethodDef dispose, IField scope, ProbeImports probes)
    {
        var body = dispose.Body;
        body.SimplifyMacros(dispose.Parameters);
        body.Instructions.Insert(0, Instruction.Create(OpCodes.Ldarg_0));
        body.Instructions.Insert(1, Instruction.Create(OpCodes.Ldflda, scope));
        body.Instructions.Insert(2, Instruction.Create(OpCodes.Call, probes.AsyncComplete));
        body.KeepOldMaxStack = false;
        body.OptimizeMacros();
    }

    /// <summary>Puts AsyncComplete before the builder's SetResult and AsyncFault before its SetException.</summary>
    private static void MarkCompletions(TypeDef stateMachine, StateMachineKind kind, IList<Instruction> instructions, IField scope, Local exception, ProbeImports probes)
    {
        string? completionType = GenericDefinitionName(Field(stateMachine, kind == StateMachineKind.AsyncIterator ? PromiseField : BuilderField)!.FieldType);
        foreach (var call in instructions.Where(i => i.OpCode.Code is Code.Call or Code.Callvirt).ToList())
        {
            if (call.Operand is not IMethod { Name.String: var name } target) continue;
            if (name is not ("SetResult" or "SetException")) continue;
            if (GenericDefinitionName(target.DeclaringType?.ToTypeSig()) != completionType) continue;

            if (name == "SetException")
            {
                BodyEditor.InsertBefore(instructions, call, new[]
                {
                    Instruction.Create(OpCodes.Stloc, exception),
                    Instruction.Create(OpCodes.Ldarg_0),
                    Instruction.Create(OpCodes.Ldflda, scope),
                    Instruction.Create(OpCodes.Ldloc, exception),
                    Instruction.Create(OpCodes.Call, probes.AsyncFault),
                    Instruction.Create(OpCodes.Ldloc, exception),
                });
            }
            else if (kind == StateMachineKind.AsyncIterator)
            {
                // promise.SetResult(true) hands out the next item; SetResult(false) ends the enumeration.
                var skip = Instruction.Create(OpCodes.Brtrue, (Instruction)null!);
                var moved = BodyEditor.InsertBefore(instructions, call, new[]
                {
                    Instruction.Create(OpCodes.Dup),
                    skip,
                    Instruction.Create(OpCodes.Ldarg_0),
                    Instruction.Create(OpCodes.Ldflda, scope),
                    Instruction.Create(OpCodes.Call, probes.AsyncComplete),
                });
                skip.Operand = moved;
            }
            else
            {
                BodyEditor.InsertBefore(instructions, call, new[]
                {
                    Instruction.Create(OpCodes.Ldarg_0),
                    Instruction.Create(OpCodes.Ldflda, scope),
                    Instruction.Create(OpCodes.Call, probes.AsyncComplete),
                });
            }
        }
    }

    /// <summary>Each ret leaves to the end; an iterator's MoveNext returning false first ends the span.</summary>
    private static void ReplaceReturns(IList<Instruction> instructions, Local? result, Instruction end, IField scope, ProbeImports probes)
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
            var code = new[]
            {
                Instruction.Create(OpCodes.Ldloc, result),
                Instruction.Create(OpCodes.Brtrue, leave),
                Instruction.Create(OpCodes.Ldarg_0),
                Instruction.Create(OpCodes.Ldflda, scope),
                Instruction.Create(OpCodes.Call, probes.AsyncComplete),
                leave,
            };
            for (int i = 0; i < code.Length; i++) instructions.Insert(at + i, code[i]);
        }
    }

    private static FieldDef? Field(TypeDef type, string name) => type.Fields.FirstOrDefault(f => f.Name == name);

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
