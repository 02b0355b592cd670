using dnlib.DotNet;
using dnlib.DotNet.Emit;

namespace DotnetTelemetry.Weaver.IL;

/// <summary>
/// Wraps a synchronous method body:
/// <code>
///   [constructors: the base/this constructor call stays first, outside the try]
///   [scope = default, when the body does not zero its locals]
///   Probe.Enter(ref scope, Base + index)
///   try { body; each ret -> stloc result; leave END }
///   filter { Probe.Fault(ref scope, e as Exception) }  // returns false: records, never catches
///   { pop; leave END }
///   finally { Probe.Exit(ref scope) }
///   END: ldloc result; ret
/// </code>
/// The new clauses are appended after the existing ones, so they are the outermost.
/// </summary>
internal static class SyncMethodWeaver
{
    /// <summary>Returns why <paramref name="method"/> cannot be woven, or null when it can.</summary>
    public static string? Check(MethodDef method)
    {
        var body = method.Body;
        if (body is null || !method.HasBody) return SkipReasons.NoBody;
        if (method.CallingConvention == dnlib.DotNet.CallingConvention.VarArg) return SkipReasons.VarArgs;
        if (body.Instructions.Any(i => i.OpCode.Code == Code.Jmp)) return SkipReasons.Jmp;
        // An explicit tail. call cannot stay one inside a try block; dropping the prefix would turn deep
        // tail recursion (F#, hand-written IL) into a stack overflow, so such a method keeps its original body.
        if (body.Instructions.Any(i => i.OpCode.Code == Code.Tailcall)) return SkipReasons.TailCall;
        if (BodyLimits.Check(body) is { } tooLarge) return tooLarge;
        if (RetInsideProtectedRegion(body)) return SkipReasons.ReturnInsideProtectedRegion;
        if (method.IsInstanceConstructor && !method.DeclaringType.IsValueType && ConstructorSplit(method) < 0)
        {
            return SkipReasons.ConstructorShape;
        }
        return null;
    }

    public static void Weave(MethodDef method, int index, MethodTableEmitter table)
        => Weave(method, table.Probes, table.LoadId(index).ToList());

    /// <summary>Weaves with the given instructions pushing the method id (a table lookup, or a constant at load time).</summary>
    public static void Weave(MethodDef method, ProbeImports probes, IReadOnlyList<Instruction> loadId)
    {
        var body = method.Body;
        body.SimplifyMacros(method.Parameters);
        var instructions = body.Instructions;

        int split = method.IsInstanceConstructor && !method.DeclaringType.IsValueType ? ConstructorSplit(method) : 0;
        var tryStart = instructions[split];

        var scope = body.Variables.Add(new Local(probes.CallScope));
        var exception = body.Variables.Add(new Local(probes.Exception));
        var returnType = method.MethodSig.RetType;
        bool hasResult = returnType.RemovePinnedAndModifiers().ElementType != ElementType.Void;
        var result = hasResult ? body.Variables.Add(new Local(returnType)) : null;

        var end = hasResult ? Instruction.Create(OpCodes.Ldloc, result) : Instruction.Create(OpCodes.Nop);
        ReplaceReturns(instructions, result, end);

        var filterStart = Instruction.Create(OpCodes.Isinst, probes.Exception.ToTypeDefOrRef());
        CloseOpenHandlers(body, filterStart);
        var handlerStart = Instruction.Create(OpCodes.Pop);
        var finallyStart = Instruction.Create(OpCodes.Ldloca, scope);
        Append(instructions,
            filterStart,
            Instruction.Create(OpCodes.Stloc, exception),
            Instruction.Create(OpCodes.Ldloca, scope),
            Instruction.Create(OpCodes.Ldloc, exception),
            Instruction.Create(OpCodes.Call, probes.Fault),
            Instruction.Create(OpCodes.Endfilter),
            handlerStart,
            Instruction.Create(OpCodes.Leave, end),
            finallyStart,
            Instruction.Create(OpCodes.Call, probes.Exit),
            Instruction.Create(OpCodes.Endfinally),
            end,
            Instruction.Create(OpCodes.Ret));

        // Enter fills the scope in place and leaves it all zero when nothing is recorded, so the scope must
        // start zeroed: the frame does that when the body zeroes its locals, else an initobj does.
        var enter = new List<Instruction>();
        if (!body.InitLocals)
        {
            enter.Add(Instruction.Create(OpCodes.Ldloca, scope));
            enter.Add(Instruction.Create(OpCodes.Initobj, probes.CallScope.ToTypeDefOrRef()));
        }
        enter.Add(Instruction.Create(OpCodes.Ldloca, scope));
        enter.AddRange(loadId);
        enter.Add(Instruction.Create(OpCodes.Call, probes.Enter));
        // Insert the entry code before tryStart without letting branches that target tryStart skip it:
        // branches into the body from the constructor prefix are ruled out by Check, and the body's own
        // branches to its first instruction must stay inside the try (they target the moved instruction).
        int at = instructions.IndexOf(tryStart);
        for (int i = 0; i < enter.Count; i++) instructions.Insert(at + i, enter[i]);
        ShareSequencePoint(enter[0], tryStart);

        body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Filter)
        {
            TryStart = tryStart,
            TryEnd = filterStart,
            FilterStart = filterStart,
            HandlerStart = handlerStart,
            HandlerEnd = finallyStart,
            CatchType = null,
        });
        body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
        {
            TryStart = tryStart,
            TryEnd = finallyStart,
            HandlerStart = finallyStart,
            HandlerEnd = end,
        });
        body.KeepOldMaxStack = false;
        body.OptimizeMacros();
    }

    /// <summary>
    /// The index of the first instruction after the base/this constructor call of a reference type's
    /// constructor, or -1 when code before it branches past it (or the reverse) or it sits in a handler.
    /// </summary>
    internal static int ConstructorSplit(MethodDef ctor)
    {
        var instructions = ctor.Body.Instructions;
        var declaring = ctor.DeclaringType;
        int callIndex = -1;
        for (int i = 0; i < instructions.Count; i++)
        {
            var instruction = instructions[i];
            if (instruction.OpCode.Code == Code.Call && instruction.Operand is IMethod { Name.String: ".ctor" } callee
                && IsSelfOrBase(callee.DeclaringType, declaring))
            {
                callIndex = i;
                break;
            }
        }
        // System.Object's own constructor, or IL that never calls a base constructor: wrap the whole body.
        if (callIndex < 0) return declaring.BaseType is null ? 0 : -1;
        int split = callIndex + 1;
        if (split >= instructions.Count) return -1;

        var prefix = new HashSet<Instruction>(instructions.Take(split));
        for (int i = 0; i < instructions.Count; i++)
        {
            var instruction = instructions[i];
            bool inPrefix = i < split;
            if (inPrefix && instruction.OpCode.FlowControl == FlowControl.Return) return -1;
            foreach (var target in BodyEditor.Targets(instruction))
            {
                if (inPrefix != prefix.Contains(target)) return -1;
            }
        }
        foreach (var handler in ctor.Body.ExceptionHandlers)
        {
            if (prefix.Contains(handler.TryStart!)) return -1;
        }
        return split;
    }

    private static bool IsSelfOrBase(ITypeDefOrRef? callee, TypeDef declaring)
    {
        if (callee is null) return false;
        var comparer = new SigComparer(SigComparerOptions.DontCompareTypeScope);
        if (comparer.Equals(callee, declaring)) return true;
        var baseType = declaring.BaseType;
        if (baseType is null) return false;
        if (comparer.Equals(callee, baseType)) return true;
        // Generic base types: compare the generic type definitions.
        var calleeDef = callee is TypeSpec { TypeSig: GenericInstSig calleeInst } ? calleeInst.GenericType.TypeDefOrRef : callee;
        var baseDef = baseType is TypeSpec { TypeSig: GenericInstSig baseInst } ? baseInst.GenericType.TypeDefOrRef : baseType;
        return comparer.Equals(calleeDef, baseDef) || comparer.Equals(calleeDef, declaring);
    }

    /// <summary>Each ret becomes <c>stloc result; leave end</c> (or <c>leave end</c>), keeping its instruction object for branches.</summary>
    private static void ReplaceReturns(IList<Instruction> instructions, Local? result, Instruction end)
    {
        var returns = instructions.Where(i => i.OpCode.Code == Code.Ret).ToList();
        foreach (var ret in returns)
        {
            if (result is null)
            {
                ret.OpCode = OpCodes.Leave;
                ret.Operand = end;
            }
            else
            {
                ret.OpCode = OpCodes.Stloc;
                ret.Operand = result;
                instructions.Insert(instructions.IndexOf(ret) + 1, Instruction.Create(OpCodes.Leave, end));
            }
        }
    }

    internal static bool RetInsideProtectedRegion(CilBody body)
    {
        if (body.ExceptionHandlers.Count == 0) return false;
        var offsets = new Dictionary<Instruction, int>();
        for (int i = 0; i < body.Instructions.Count; i++) offsets[body.Instructions[i]] = i;
        int IndexOf(Instruction? instruction) => instruction is null ? body.Instructions.Count : offsets[instruction];
        for (int i = 0; i < body.Instructions.Count; i++)
        {
            if (body.Instructions[i].OpCode.Code != Code.Ret) continue;
            foreach (var handler in body.ExceptionHandlers)
            {
                int start = IndexOf(handler.TryStart), end = IndexOf(handler.HandlerEnd);
                if (handler.FilterStart is { } filter) start = Math.Min(start, IndexOf(filter));
                if (i >= start && i < end) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The optimizing JIT may report a caller frame at the IL offset of the method's first instruction; the entry
    /// code gets the original first instruction's source line so such frames keep their file:line.
    /// </summary>
    internal static void ShareSequencePoint(Instruction inserted, Instruction original)
    {
        if (original.SequencePoint is { } point) inserted.SequencePoint = point;
    }

    /// <summary>A handler or try block that runs to the end of the method must now end where the woven code begins.</summary>
    internal static void CloseOpenHandlers(CilBody body, Instruction firstAppended)
    {
        foreach (var handler in body.ExceptionHandlers)
        {
            handler.TryEnd ??= firstAppended;
            handler.HandlerEnd ??= firstAppended;
        }
    }

    internal static void Append(IList<Instruction> instructions, params Instruction[] code)
    {
        foreach (var instruction in code) instructions.Add(instruction);
    }
}
