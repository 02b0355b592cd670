using dnlib.DotNet;
using dnlib.DotNet.MD;
using dnlib.DotNet.Writer;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// Gives dnlib's body and signature writers the tokens of the LIVE module: what the module already
/// had keeps its token (the loaded image is the file dnlib read), and what the weaver added
/// (references to the probes, new locals signatures, strings) is defined in the running module
/// through the shim's metadata emit API. One instance per module; tokens are cached.
/// </summary>
internal sealed class LiveTokenProvider : ITokenProvider, ISignatureWriterHelper
{
    private readonly IShimMetadata _shim;
    private readonly ulong _moduleId;
    private readonly ModuleDefMD _module;
    private readonly Dictionary<object, uint> _defined = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, uint> _byBlob = new(StringComparer.Ordinal);
    private UserStringIndex? _userStrings;

    public LiveTokenProvider(IShimMetadata shim, ulong moduleId, ModuleDefMD module)
    {
        _shim = shim;
        _moduleId = moduleId;
        _module = module;
    }

    /// <summary>True once something was added to the live module (ApplyMetaData is then due).</summary>
    public bool AddedMetadata { get; private set; }

    public MDToken GetToken(object o) => new(o switch
    {
        string text => UserString(text),
        IMDTokenProvider member => TokenOf(member),
        MethodSig callSite => Blob("sig", SignatureWriter.Write(this, callSite), blob => Check(_shim.DefineStandAloneSig(_moduleId, blob, out uint t), t, "StandAloneSig")),
        _ => throw new LiveWeavingException($"no token for operand {o?.GetType().Name ?? "null"}"),
    });

    public MDToken GetToken(IList<TypeSig> locals, uint origToken)
    {
        if (locals.Count == 0)
        {
            return new MDToken(0u);
        }
        byte[] blob = SignatureWriter.Write(this, new LocalSig(locals));
        return new MDToken(Blob("locals", blob, blob => Check(_shim.DefineStandAloneSig(_moduleId, blob, out uint t), t, "locals signature")));
    }

    uint ISignatureWriterHelper.ToEncodedToken(ITypeDefOrRef typeDefOrRef)
        => CodedToken.TypeDefOrRef.Encode(new MDToken(TokenOf(typeDefOrRef)));

    void IWriterError.Error(string message) => throw new LiveWeavingException(message);

    private uint TokenOf(IMDTokenProvider member)
    {
        // Read from the module's own tables: the live module has the same row.
        if (member is IMDTokenProviderMD && member.MDToken.Rid != 0 && BelongsToThisModule(member))
        {
            return member.MDToken.Raw;
        }
        if (member is ModuleDef)
        {
            return 0x00000001; // the module itself
        }
        if (_defined.TryGetValue(member, out uint known))
        {
            return known;
        }
        uint token = member switch
        {
            AssemblyRef assembly => DefineAssemblyRef(assembly),
            TypeRef type => DefineTypeRef(type),
            TypeSpec spec => Blob("typespec", SignatureWriter.Write(this, spec.TypeSig), blob => Check(_shim.DefineTypeSpec(_moduleId, blob, out uint t), t, "TypeSpec")),
            MemberRef reference => DefineMemberRef(reference),
            MethodSpec spec => DefineMethodSpec(spec),
            _ => throw new LiveWeavingException($"cannot add a {member.GetType().Name} to a loaded module"),
        };
        _defined[member] = token;
        return token;
    }

    private bool BelongsToThisModule(IMDTokenProvider member) => member switch
    {
        IMemberRef memberRef => memberRef.Module == _module,
        AssemblyRef or ModuleRef or StandAloneSig => true, // only reachable from this module's own rows
        _ => false,
    };

    private uint DefineAssemblyRef(AssemblyRef assembly)
    {
        byte[] key = assembly.PublicKeyOrToken?.Data ?? Array.Empty<byte>();
        int hr = _shim.DefineAssemblyRef(_moduleId, assembly.Name, assembly.Version ?? new Version(0, 0, 0, 0), key, (uint)assembly.Attributes, out uint token);
        return Check(hr, token, "AssemblyRef " + assembly.Name);
    }

    private uint DefineTypeRef(TypeRef type)
    {
        uint scope = type.ResolutionScope switch
        {
            null => throw new LiveWeavingException($"TypeRef {type.FullName} has no resolution scope"),
            IMDTokenProvider provider => TokenOf(provider),
        };
        string name = type.Namespace.Length == 0 ? type.Name : type.Namespace + "." + type.Name;
        return Check(_shim.DefineTypeRef(_moduleId, scope, name, out uint token), token, "TypeRef " + name);
    }

    private uint DefineMemberRef(MemberRef reference)
    {
        uint parent = reference.Class switch
        {
            null => throw new LiveWeavingException($"MemberRef {reference.FullName} has no parent"),
            IMDTokenProvider provider => TokenOf(provider),
        };
        byte[] signature = SignatureWriter.Write(this, reference.Signature);
        return Check(_shim.DefineMemberRef(_moduleId, parent, reference.Name, signature, out uint token), token, "MemberRef " + reference.Name);
    }

    private uint DefineMethodSpec(MethodSpec spec)
    {
        uint parent = TokenOf(spec.Method ?? throw new LiveWeavingException("MethodSpec without a method"));
        byte[] instantiation = SignatureWriter.Write(this, spec.Instantiation);
        return Check(_shim.DefineMethodSpec(_moduleId, parent, instantiation, out uint token), token, "MethodSpec");
    }

    private uint UserString(string text)
    {
        _userStrings ??= new UserStringIndex(_module);
        if (_userStrings.TryGetToken(text, out uint existing))
        {
            return existing;
        }
        string key = "us:" + text;
        if (_byBlob.TryGetValue(key, out uint known))
        {
            return known;
        }
        uint token = Check(_shim.DefineUserString(_moduleId, text, out uint defined), defined, "user string");
        _byBlob[key] = token;
        return token;
    }

    private uint Blob(string kind, byte[] blob, Func<byte[], uint> define)
    {
        string key = kind + ":" + Convert.ToHexString(blob);
        if (!_byBlob.TryGetValue(key, out uint token))
        {
            token = define(blob);
            _byBlob[key] = token;
        }
        return token;
    }

    private uint Check(int hresult, uint token, string what)
    {
        if (hresult < 0 || token == 0)
        {
            Fail(hresult, what);
        }
        AddedMetadata = true;
        return token;
    }

    private static uint Fail(int hresult, string what)
        => throw new LiveWeavingException($"defining {what} in the live module failed (0x{hresult:X8})");
}

/// <summary>A method could not be prepared for ReJIT; the method is left as it was.</summary>
internal sealed class LiveWeavingException : Exception
{
    public LiveWeavingException(string message) : base(message)
    {
    }
}
