using dnlib.DotNet;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Weaver.IL;

/// <summary>
/// References, from one module being woven, to the probe API in DotnetTelemetry.Probes (by assembly name,
/// so the woven module binds to whatever copy the startup hook or the app folder provides).
/// </summary>
internal sealed class ProbeImports
{
    private const string ProbesNamespace = "DotnetTelemetry.Probes";

    public ProbeImports(ModuleDef module)
    {
        var identity = typeof(Probe).Assembly.GetName();
        var probesAssembly = new AssemblyRefUser(identity.Name, identity.Version ?? new Version(0, 0, 0, 0));
        var probe = new TypeRefUser(module, ProbesNamespace, nameof(Probe), probesAssembly);
        var registry = new TypeRefUser(module, ProbesNamespace, nameof(MethodRegistry), probesAssembly);
        var callScope = new TypeRefUser(module, ProbesNamespace, nameof(CallScope), probesAssembly);
        var token = new TypeRefUser(module, ProbesNamespace, nameof(SpanContextToken), probesAssembly);
        var holder = new TypeRefUser(module, ProbesNamespace, nameof(AsyncScopeHolder), probesAssembly);

        var types = module.CorLibTypes;
        CallScope = new ValueTypeSig(callScope);
        SpanContextToken = new ValueTypeSig(token);
        Exception = new ClassSig(types.GetTypeRef("System", "Exception"));
        var scopeByRef = new ByRefSig(CallScope);

        Enter = Method(module, probe, nameof(Probe.Enter), types.Void, scopeByRef, types.Int32);
        Exit = Method(module, probe, nameof(Probe.Exit), types.Void, scopeByRef);
        Fault = Method(module, probe, nameof(Probe.Fault), types.Boolean, scopeByRef, Exception);
        AsyncStep = Method(module, probe, nameof(Probe.AsyncStep), SpanContextToken, scopeByRef, types.Int32);
        AsyncStepEnd = Method(module, probe, nameof(Probe.AsyncStepEnd), types.Void, SpanContextToken);
        AsyncComplete = Method(module, probe, nameof(Probe.AsyncComplete), types.Void, scopeByRef);
        AsyncFault = Method(module, probe, nameof(Probe.AsyncFault), types.Void, scopeByRef, Exception);
        RegisterModule = Method(module, registry, nameof(MethodRegistry.RegisterModule), types.Int32, types.String);

        // Run-time weaving of state machines (no scope field).
        ScopeHolder = new ClassSig(holder);
        var holderOut = new ByRefSig(ScopeHolder);
        HolderScope = new MemberRefUser(module, nameof(AsyncScopeHolder.Scope), new FieldSig(CallScope), holder);
        LiveAsyncStep = Method(module, probe, nameof(Probe.LiveAsyncStep), SpanContextToken, types.Boolean, types.Boolean, types.Int32, holderOut);
        LiveAsyncStepEnd = Method(module, probe, nameof(Probe.LiveAsyncStepEnd), types.Void, SpanContextToken, ScopeHolder);
        LiveIteratorStep = Method(module, probe, nameof(Probe.LiveIteratorStep), SpanContextToken, types.Object, types.Boolean, types.Int32, holderOut);
        LiveIteratorScope = Method(module, probe, nameof(Probe.LiveIteratorScope), ScopeHolder, types.Object);
    }

    public TypeSig CallScope { get; }
    public TypeSig SpanContextToken { get; }
    public TypeSig Exception { get; }
    public IMethod Enter { get; }
    public IMethod Exit { get; }
    public IMethod Fault { get; }
    public IMethod AsyncStep { get; }
    public IMethod AsyncStepEnd { get; }
    public IMethod AsyncComplete { get; }
    public IMethod AsyncFault { get; }
    public IMethod RegisterModule { get; }
    public TypeSig ScopeHolder { get; }
    public IField HolderScope { get; }
    public IMethod LiveAsyncStep { get; }
    public IMethod LiveAsyncStepEnd { get; }
    public IMethod LiveIteratorStep { get; }
    public IMethod LiveIteratorScope { get; }

    private static MemberRef Method(ModuleDef module, ITypeDefOrRef owner, string name, TypeSig returnType, params TypeSig[] parameters)
        => new MemberRefUser(module, name, MethodSig.CreateStatic(returnType, parameters), owner);
}
