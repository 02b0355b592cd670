namespace DotnetTelemetry.Agent.Native;

/// <summary>The metadata emit part of the shim's C API (an interface so the token mapping is testable without a profiler).</summary>
internal interface IShimMetadata
{
    int DefineAssemblyRef(ulong moduleId, string name, Version version, ReadOnlySpan<byte> publicKeyOrToken, uint flags, out uint token);
    int DefineTypeRef(ulong moduleId, uint resolutionScope, string fullName, out uint token);
    int DefineMemberRef(ulong moduleId, uint parent, string name, ReadOnlySpan<byte> signature, out uint token);
    int DefineMethodSpec(ulong moduleId, uint parent, ReadOnlySpan<byte> instantiation, out uint token);
    int DefineTypeSpec(ulong moduleId, ReadOnlySpan<byte> signature, out uint token);
    int DefineStandAloneSig(ulong moduleId, ReadOnlySpan<byte> signature, out uint token);
    int DefineUserString(ulong moduleId, string text, out uint token);
}
