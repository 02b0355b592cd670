using System.Text;
using dnlib.DotNet;
using dnlib.DotNet.Emit;

namespace DotnetTelemetry.Weaver.IL;

/// <summary>
/// The per-module method table: the class <c>&lt;DotnetTelemetry&gt;MethodTable</c> whose static constructor
/// registers every woven method's static facts with <c>MethodRegistry.RegisterModule</c> and keeps the
/// returned base id in <c>static readonly int Base</c>. Method number <c>i</c> has id <c>Base + i</c>.
/// The type also marks the module as woven (see <see cref="IsWoven"/>).
/// </summary>
internal sealed class MethodTableEmitter
{
    public const string TypeName = "<DotnetTelemetry>MethodTable";

    private readonly List<string> _lines = new();
    private readonly TypeDefUser _type;

    public MethodTableEmitter(ModuleDef module, ProbeImports probes)
    {
        Probes = probes;
        _type = new TypeDefUser(string.Empty, TypeName, module.CorLibTypes.Object.TypeDefOrRef)
        {
            // A static class; beforefieldinit lets the JIT hoist the class-init check out of woven methods.
            Attributes = TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.BeforeFieldInit,
        };
        BaseField = new FieldDefUser("Base", new FieldSig(module.CorLibTypes.Int32),
            FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.InitOnly);
        _type.Fields.Add(BaseField);
        module.Types.Add(_type);
    }

    public ProbeImports Probes { get; }

    /// <summary>The field woven methods load to compute their id.</summary>
    public FieldDef BaseField { get; }

    public int Count => _lines.Count;

    public static bool IsWoven(ModuleDef module) => module.Types.Any(t => t.Namespace.Length == 0 && t.Name == TypeName);

    /// <summary>Adds a method's row and returns its index (its id is <c>Base + index</c>).</summary>
    public int Add(string functionName, string? file, int line)
    {
        _lines.Add($"{Clean(functionName)}\t{Clean(file ?? string.Empty)}\t{line}");
        return _lines.Count - 1;
    }

    /// <summary>Emits the instructions that push the id of method number <paramref name="index"/>.</summary>
    public IEnumerable<Instruction> LoadId(int index)
    {
        yield return Instruction.Create(OpCodes.Ldsfld, BaseField);
        yield return Instruction.Create(OpCodes.Ldc_I4, index);
        yield return Instruction.Create(OpCodes.Add);
    }

    /// <summary>Writes the static constructor once every method has its row.</summary>
    public void Complete(ModuleDef module)
    {
        var cctor = new MethodDefUser(".cctor", MethodSig.CreateStatic(module.CorLibTypes.Void),
            MethodImplAttributes.IL | MethodImplAttributes.Managed,
            MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName);
        var body = new CilBody();
        body.Instructions.Add(Instruction.Create(OpCodes.Ldstr, string.Join("\n", _lines)));
        body.Instructions.Add(Instruction.Create(OpCodes.Call, Probes.RegisterModule));
        body.Instructions.Add(Instruction.Create(OpCodes.Stsfld, BaseField));
        body.Instructions.Add(Instruction.Create(OpCodes.Ret));
        cctor.Body = body;
        _type.Methods.Add(cctor);
    }

    private static string Clean(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (char c in value) builder.Append(c is '\t' or '\n' or '\r' ? ' ' : c);
        return builder.ToString();
    }
}
