using System.Runtime.InteropServices;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// The managed side of the native shim's C API (native-shim/src/shim_api.h). The runtime has
/// already loaded the shim as the process's profiler; loading the same file again returns that
/// same instance, whose exports are bound here as unmanaged function pointers (no DllImport, so
/// nothing depends on how the agent's load context resolves native libraries).
/// </summary>
internal sealed unsafe class ShimLibrary : IShimMetadata
{
    /// <summary>The C API version this binding was written against.</summary>
    public const int ExpectedApiVersion = 3;

    /// <summary>File name of the shim inside the agent home's native-shim directory.</summary>
    public const string FileName = "libdotnet_telemetry_shim.so";

    private readonly delegate* unmanaged<int> _isAttached;
    private readonly delegate* unmanaged<int> _loadMode;
    private readonly delegate* unmanaged<byte*, int, int> _clientData;
    private readonly delegate* unmanaged<ulong*, int, int> _moduleIds;
    private readonly delegate* unmanaged<ulong, char*, int, int> _modulePath;
    private readonly delegate* unmanaged<ulong, char*, int, int> _moduleAssemblyName;
    private readonly delegate* unmanaged<char*, ulong> _findModuleByPath;
    private readonly delegate* unmanaged<char*, ulong> _findModuleByAssembly;
    private readonly delegate* unmanaged<ulong, char*, ushort, ushort, ushort, ushort, byte*, int, uint, uint*, int> _defineAssemblyRef;
    private readonly delegate* unmanaged<ulong, uint, char*, uint*, int> _defineTypeRef;
    private readonly delegate* unmanaged<ulong, uint, char*, byte*, int, uint*, int> _defineMemberRef;
    private readonly delegate* unmanaged<ulong, uint, byte*, int, uint*, int> _defineMethodSpec;
    private readonly delegate* unmanaged<ulong, byte*, int, uint*, int> _defineTypeSpec;
    private readonly delegate* unmanaged<ulong, byte*, int, uint*, int> _defineStandAloneSig;
    private readonly delegate* unmanaged<ulong, char*, int, uint*, int> _defineUserString;
    private readonly delegate* unmanaged<ulong, int> _applyMetadata;
    private readonly delegate* unmanaged<ulong, uint, byte*, int, int> _setIlBody;
    private readonly delegate* unmanaged<ulong, uint, uint*, uint*, int, int> _setIlOffsetMap;
    private readonly delegate* unmanaged<int, ulong*, uint*, int, int> _requestReJit;
    private readonly delegate* unmanaged<int, ulong*, uint*, int*, int, int> _requestRevert;
    private readonly delegate* unmanaged<ulong, uint, int*, int> _reJitStatus;
    private readonly delegate* unmanaged<ulong, ulong, int, uint*, uint*, int, int*, int*, int> _findReadyToRunInliners;

    private ShimLibrary(IntPtr handle)
    {
        _isAttached = (delegate* unmanaged<int>)Export(handle, "dt_shim_is_attached");
        _loadMode = (delegate* unmanaged<int>)Export(handle, "dt_shim_load_mode");
        _clientData = (delegate* unmanaged<byte*, int, int>)Export(handle, "dt_shim_client_data");
        _moduleIds = (delegate* unmanaged<ulong*, int, int>)Export(handle, "dt_shim_module_ids");
        _modulePath = (delegate* unmanaged<ulong, char*, int, int>)Export(handle, "dt_shim_module_path");
        _moduleAssemblyName = (delegate* unmanaged<ulong, char*, int, int>)Export(handle, "dt_shim_module_assembly_name");
        _findModuleByPath = (delegate* unmanaged<char*, ulong>)Export(handle, "dt_shim_find_module_by_path");
        _findModuleByAssembly = (delegate* unmanaged<char*, ulong>)Export(handle, "dt_shim_find_module_by_assembly");
        _defineAssemblyRef = (delegate* unmanaged<ulong, char*, ushort, ushort, ushort, ushort, byte*, int, uint, uint*, int>)Export(handle, "dt_shim_define_assembly_ref");
        _defineTypeRef = (delegate* unmanaged<ulong, uint, char*, uint*, int>)Export(handle, "dt_shim_define_type_ref");
        _defineMemberRef = (delegate* unmanaged<ulong, uint, char*, byte*, int, uint*, int>)Export(handle, "dt_shim_define_member_ref");
        _defineMethodSpec = (delegate* unmanaged<ulong, uint, byte*, int, uint*, int>)Export(handle, "dt_shim_define_method_spec");
        _defineTypeSpec = (delegate* unmanaged<ulong, byte*, int, uint*, int>)Export(handle, "dt_shim_define_type_spec");
        _defineStandAloneSig = (delegate* unmanaged<ulong, byte*, int, uint*, int>)Export(handle, "dt_shim_define_standalone_sig");
        _defineUserString = (delegate* unmanaged<ulong, char*, int, uint*, int>)Export(handle, "dt_shim_define_user_string");
        _applyMetadata = (delegate* unmanaged<ulong, int>)Export(handle, "dt_shim_apply_metadata");
        _setIlBody = (delegate* unmanaged<ulong, uint, byte*, int, int>)Export(handle, "dt_shim_set_il_body");
        _setIlOffsetMap = (delegate* unmanaged<ulong, uint, uint*, uint*, int, int>)Export(handle, "dt_shim_set_il_offset_map");
        _requestReJit = (delegate* unmanaged<int, ulong*, uint*, int, int>)Export(handle, "dt_shim_request_rejit");
        _requestRevert = (delegate* unmanaged<int, ulong*, uint*, int*, int, int>)Export(handle, "dt_shim_request_revert");
        _reJitStatus = (delegate* unmanaged<ulong, uint, int*, int>)Export(handle, "dt_shim_rejit_status");
        _findReadyToRunInliners = (delegate* unmanaged<ulong, ulong, int, uint*, uint*, int, int*, int*, int>)Export(handle, "dt_shim_find_r2r_inliners");
    }

    /// <summary>
    /// Binds the shim at <paramref name="path"/>. Null (with the reason) when the file is missing,
    /// cannot be loaded, or speaks another version of the C API.
    /// </summary>
    public static ShimLibrary? TryLoad(string path, out string? error)
    {
        error = null;
        try
        {
            if (!File.Exists(path))
            {
                error = $"shim not found at {path}";
                return null;
            }
            IntPtr handle = NativeLibrary.Load(path);
            var version = (delegate* unmanaged<int>)Export(handle, "dt_shim_api_version");
            int apiVersion = version();
            if (apiVersion != ExpectedApiVersion)
            {
                error = $"shim C API version {apiVersion}, expected {ExpectedApiVersion}";
                return null;
            }
            return new ShimLibrary(handle);
        }
        catch (Exception exception)
        {
            error = $"cannot load the shim from {path}: {exception.Message}";
            return null;
        }
    }

    private static IntPtr Export(IntPtr handle, string name) => NativeLibrary.GetExport(handle, name);

    /// <summary>HRESULT_FROM_WIN32(ERROR_TIMEOUT): the shim's worker thread did not answer in time.</summary>
    public const int TimeoutHResult = unchecked((int)0x800705B4);

    private int _broken;

    /// <summary>
    /// Set after a call timed out: the runtime is stuck in a profiling call, so nothing more is
    /// asked of it (every later call fails at once rather than wait out its own timeout).
    /// </summary>
    public bool IsBroken => Volatile.Read(ref _broken) != 0;

    /// <summary>Opens the breaker when a call through the shim's worker thread timed out.</summary>
    private int Track(int hr)
    {
        if (hr == TimeoutHResult)
        {
            Volatile.Write(ref _broken, 1);
        }
        return hr;
    }

    /// <summary>True when the runtime initialised the shim as this process's profiler.</summary>
    public bool IsAttached => _isAttached() == 1;

    /// <summary>How the profiler was loaded: at startup or by an attach.</summary>
    public ShimLoadMode LoadMode => (ShimLoadMode)_loadMode();

    /// <summary>The client data of AttachProfiler (the CLI's configuration), empty at startup.</summary>
    public byte[] ClientData()
    {
        int size = _clientData(null, 0);
        if (size <= 0)
        {
            return Array.Empty<byte>();
        }
        var data = new byte[size];
        fixed (byte* buffer = data)
        {
            _clientData(buffer, size);
        }
        return data;
    }

    /// <summary>The modules the profiler has seen load, in load order.</summary>
    public ulong[] ModuleIds()
    {
        for (int capacity = 256; ; capacity *= 2)
        {
            var ids = new ulong[capacity];
            int count;
            fixed (ulong* buffer = ids)
            {
                count = _moduleIds(buffer, capacity);
            }
            if (count <= capacity)
            {
                return ids.AsSpan(0, count).ToArray();
            }
        }
    }

    public string? ModulePath(ulong moduleId) => ReadText(moduleId, _modulePath);

    public string? ModuleAssemblyName(ulong moduleId) => ReadText(moduleId, _moduleAssemblyName);

    private static string? ReadText(ulong moduleId, delegate* unmanaged<ulong, char*, int, int> read)
    {
        int length = read(moduleId, null, 0);
        if (length < 0)
        {
            return null;
        }
        var text = new char[length + 1];
        fixed (char* buffer = text)
        {
            read(moduleId, buffer, text.Length);
        }
        return new string(text, 0, length);
    }

    /// <summary>The live ModuleID of the module loaded from <paramref name="path"/>, or 0.</summary>
    public ulong FindModuleByPath(string path)
    {
        fixed (char* text = path)
        {
            return _findModuleByPath(text);
        }
    }

    /// <summary>The live ModuleID of assembly <paramref name="assemblyName"/> (simple name), or 0.</summary>
    public ulong FindModuleByAssembly(string assemblyName)
    {
        fixed (char* text = assemblyName)
        {
            return _findModuleByAssembly(text);
        }
    }

    /// <summary>An AssemblyRef in the module (an existing one with the same name is reused: S_FALSE).</summary>
    public int DefineAssemblyRef(ulong moduleId, string name, Version version, ReadOnlySpan<byte> publicKeyOrToken, uint flags, out uint token)
    {
        if (IsBroken)
        {
            token = 0;
            return TimeoutHResult;
        }
        fixed (char* text = name)
        fixed (byte* key = publicKeyOrToken)
        fixed (uint* result = &token)
        {
            return Track(_defineAssemblyRef(moduleId, text, (ushort)Math.Max(0, version.Major), (ushort)Math.Max(0, version.Minor),
                (ushort)Math.Max(0, version.Build), (ushort)Math.Max(0, version.Revision), key, publicKeyOrToken.Length, flags, result));
        }
    }

    public int DefineTypeRef(ulong moduleId, uint resolutionScope, string fullName, out uint token)
    {
        if (IsBroken)
        {
            token = 0;
            return TimeoutHResult;
        }
        fixed (char* text = fullName)
        fixed (uint* result = &token)
        {
            return Track(_defineTypeRef(moduleId, resolutionScope, text, result));
        }
    }

    public int DefineMemberRef(ulong moduleId, uint parent, string name, ReadOnlySpan<byte> signature, out uint token)
    {
        if (IsBroken)
        {
            token = 0;
            return TimeoutHResult;
        }
        fixed (char* text = name)
        fixed (byte* sig = signature)
        fixed (uint* result = &token)
        {
            return Track(_defineMemberRef(moduleId, parent, text, sig, signature.Length, result));
        }
    }

    public int DefineMethodSpec(ulong moduleId, uint parent, ReadOnlySpan<byte> instantiation, out uint token)
    {
        if (IsBroken)
        {
            token = 0;
            return TimeoutHResult;
        }
        fixed (byte* sig = instantiation)
        fixed (uint* result = &token)
        {
            return Track(_defineMethodSpec(moduleId, parent, sig, instantiation.Length, result));
        }
    }

    public int DefineTypeSpec(ulong moduleId, ReadOnlySpan<byte> signature, out uint token)
    {
        if (IsBroken)
        {
            token = 0;
            return TimeoutHResult;
        }
        fixed (byte* sig = signature)
        fixed (uint* result = &token)
        {
            return Track(_defineTypeSpec(moduleId, sig, signature.Length, result));
        }
    }

    public int DefineStandAloneSig(ulong moduleId, ReadOnlySpan<byte> signature, out uint token)
    {
        if (IsBroken)
        {
            token = 0;
            return TimeoutHResult;
        }
        fixed (byte* sig = signature)
        fixed (uint* result = &token)
        {
            return Track(_defineStandAloneSig(moduleId, sig, signature.Length, result));
        }
    }

    public int DefineUserString(ulong moduleId, string text, out uint token)
    {
        if (IsBroken)
        {
            token = 0;
            return TimeoutHResult;
        }
        fixed (char* chars = text)
        fixed (uint* result = &token)
        {
            return Track(_defineUserString(moduleId, chars, text.Length, result));
        }
    }

    /// <summary>Makes the runtime see metadata added since the module loaded (ICorProfilerInfo7::ApplyMetaData).</summary>
    public int ApplyMetadata(ulong moduleId) => IsBroken ? TimeoutHResult : Track(_applyMetadata(moduleId));

    /// <summary>Stores the woven body (a complete CorILMethod) until the runtime asks for it.</summary>
    public int SetIlBody(ulong moduleId, uint methodDef, ReadOnlySpan<byte> body)
    {
        fixed (byte* bytes = body)
        {
            return _setIlBody(moduleId, methodDef, bytes, body.Length);
        }
    }

    /// <summary>Stores the stored body's IL offset map (original, new offsets; same length, sorted), for the runtime.</summary>
    public int SetIlOffsetMap(ulong moduleId, uint methodDef, ReadOnlySpan<uint> originalOffsets, ReadOnlySpan<uint> newOffsets)
    {
        if (originalOffsets.Length != newOffsets.Length || originalOffsets.IsEmpty)
        {
            return unchecked((int)0x80070057); // E_INVALIDARG
        }
        fixed (uint* original = originalOffsets)
        fixed (uint* woven = newOffsets)
        {
            return _setIlOffsetMap(moduleId, methodDef, original, woven, originalOffsets.Length);
        }
    }

    /// <summary>RequestReJIT on the shim's native thread; waits at most <paramref name="timeout"/>.</summary>
    public int RequestReJit(ReadOnlySpan<ulong> moduleIds, ReadOnlySpan<uint> methodDefs, TimeSpan timeout)
    {
        if (IsBroken)
        {
            return TimeoutHResult;
        }
        if (moduleIds.Length != methodDefs.Length)
        {
            throw new ArgumentException("one module per method", nameof(methodDefs));
        }
        fixed (ulong* modules = moduleIds)
        fixed (uint* methods = methodDefs)
        {
            return Track(_requestReJit(moduleIds.Length, modules, methods, (int)timeout.TotalMilliseconds));
        }
    }

    /// <summary>RequestRevert on the shim's native thread; per-method results in <paramref name="statuses"/>.</summary>
    public int RequestRevert(ReadOnlySpan<ulong> moduleIds, ReadOnlySpan<uint> methodDefs, Span<int> statuses, TimeSpan timeout)
    {
        if (IsBroken)
        {
            return TimeoutHResult;
        }
        if (moduleIds.Length != methodDefs.Length || statuses.Length < moduleIds.Length)
        {
            throw new ArgumentException("one module and one status per method", nameof(methodDefs));
        }
        fixed (ulong* modules = moduleIds)
        fixed (uint* methods = methodDefs)
        fixed (int* results = statuses)
        {
            return Track(_requestRevert(moduleIds.Length, modules, methods, results, (int)timeout.TotalMilliseconds));
        }
    }

    /// <summary>
    /// Methods of <paramref name="moduleId"/> whose ReadyToRun code inlined one of <paramref name="inlinees"/>
    /// (methods of the same module): they need a ReJIT with their own IL, or the inlined copies keep running
    /// un-woven. Empty for modules without ReadyToRun code.
    /// </summary>
    public uint[] FindReadyToRunInliners(ulong moduleId, ReadOnlySpan<uint> inlinees, out bool incomplete)
    {
        incomplete = false;
        if (IsBroken || inlinees.Length == 0)
        {
            return Array.Empty<uint>();
        }
        for (int capacity = 256; ; capacity *= 4)
        {
            var found = new uint[capacity];
            int count = 0, partial = 0;
            int hr;
            fixed (uint* methods = inlinees)
            fixed (uint* result = found)
            {
                hr = Track(_findReadyToRunInliners(moduleId, moduleId, inlinees.Length, methods, result, capacity, &count, &partial));
            }
            if (hr < 0)
            {
                return Array.Empty<uint>();
            }
            incomplete = partial != 0;
            if (count <= capacity)
            {
                return found.AsSpan(0, count).ToArray();
            }
        }
    }

    /// <summary>What became of the ReJIT of one method (a failure carries the runtime's HRESULT).</summary>
    public (ReJitState State, int HResult) ReJitStatus(ulong moduleId, uint methodDef)
    {
        int hresult = 0;
        int state = _reJitStatus(moduleId, methodDef, &hresult);
        return ((ReJitState)state, hresult);
    }
}

/// <summary>How the runtime loaded the profiler shim.</summary>
internal enum ShimLoadMode
{
    NotLoaded = 0,
    Startup = 1,
    Attach = 2,
}

/// <summary>Mirror of the shim's per-method ReJIT state.</summary>
internal enum ReJitState
{
    Failed = -1,
    Unknown = 0,
    BodyStored = 1,
    Requested = 2,
    BodyDelivered = 3,
    Reverted = 4,
}
