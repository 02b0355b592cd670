// The shim's exported surface: DllGetClassObject for the runtime, and a small C API for the
// managed agent (P/Invoke). Every function is exception-free and answers with an HRESULT (or a
// count); none of them ever throws or aborts into the app.
#include <algorithm>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "class_factory.h"
#include "profiler.h"
#include "shim_api.h"

using namespace dt;

namespace {

Profiler* LiveProfiler()
{
    Profiler* profiler = Profiler::Active();
    return profiler != nullptr && profiler->Mode() != LoadMode::NotLoaded ? profiler : nullptr;
}

int32_t CopyText(const std::u16string& text, char16_t* buffer, int32_t capacity)
{
    if (buffer != nullptr && capacity > 0)
    {
        size_t count = std::min(text.size(), static_cast<size_t>(capacity - 1));
        text.copy(buffer, count);
        buffer[count] = u'\0';
    }
    return static_cast<int32_t>(text.size());
}

// Runs `emit` against the module's metadata interface `Interface` (opened read/write).
template <typename Interface, typename Emit>
int32_t WithMetadata(uint64_t moduleId, REFIID riid, uint32_t* token, Emit emit)
{
    if (token == nullptr)
    {
        return E_POINTER;
    }
    *token = 0;
    Profiler* profiler = LiveProfiler();
    if (profiler == nullptr)
    {
        return CORPROF_E_PROFILER_NOT_ATTACHED_SHIM;
    }
    try
    {
        ComPtr<Interface> metadata;
        HRESULT hr = profiler->OpenMetadata(static_cast<ModuleID>(moduleId), riid, metadata.OutUnknown());
        if (Failed(hr) || !metadata)
        {
            return Failed(hr) ? hr : E_FAIL;
        }
        return emit(metadata.Get());
    }
    catch (...)
    {
        return E_FAIL;
    }
}

// An AssemblyRef already in the module with this name (0 if none), so that repeated weaving or a
// second attach does not pile up duplicate references.
mdAssemblyRef FindAssemblyRef(uint64_t moduleId, const char16_t* name)
{
    Profiler* profiler = LiveProfiler();
    ComPtr<IMetaDataAssemblyImport> import;
    if (profiler == nullptr ||
        Failed(profiler->OpenMetadata(static_cast<ModuleID>(moduleId), IID_IMetaDataAssemblyImport, import.OutUnknown())) || !import)
    {
        return 0;
    }
    std::u16string wanted(name);
    HCORENUM handle = nullptr;
    mdAssemblyRef refs[64];
    ULONG count = 0;
    mdAssemblyRef found = 0;
    while (found == 0 && Succeeded(import->EnumAssemblyRefs(&handle, refs, 64, &count)) && count > 0)
    {
        for (ULONG i = 0; i < count && found == 0; i++)
        {
            WCHAR refName[512];
            ULONG refNameLength = 0;
            ASSEMBLYMETADATA metadata{};
            if (Succeeded(import->GetAssemblyRefProps(refs[i], nullptr, nullptr, refName, 512, &refNameLength, &metadata, nullptr,
                                                      nullptr, nullptr)) &&
                refNameLength > 0 && std::u16string(refName, refNameLength - 1) == wanted)
            {
                found = refs[i];
            }
        }
    }
    if (handle != nullptr)
    {
        import->CloseEnum(handle);
    }
    return found;
}

} // namespace

SHIM_EXPORT HRESULT DllGetClassObject(REFCLSID rclsid, REFIID riid, void** ppv)
{
    if (ppv == nullptr)
    {
        return E_POINTER;
    }
    *ppv = nullptr;
    if (rclsid != CLSID_DotnetTelemetryProfiler)
    {
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    auto* factory = new (std::nothrow) ClassFactory([]() -> IUnknown* { return new (std::nothrow) Profiler(); });
    if (factory == nullptr)
    {
        return E_OUTOFMEMORY;
    }
    HRESULT hr = factory->QueryInterface(riid, ppv);
    factory->Release();
    return hr;
}

SHIM_EXPORT int32_t dt_shim_api_version()
{
    return DT_SHIM_API_VERSION;
}

SHIM_EXPORT int32_t dt_shim_is_attached()
{
    return LiveProfiler() != nullptr ? 1 : 0;
}

SHIM_EXPORT int32_t dt_shim_load_mode()
{
    Profiler* profiler = LiveProfiler();
    return profiler == nullptr ? 0 : static_cast<int32_t>(profiler->Mode());
}

SHIM_EXPORT int32_t dt_shim_client_data(uint8_t* buffer, int32_t capacity)
{
    Profiler* profiler = LiveProfiler();
    if (profiler == nullptr)
    {
        return 0;
    }
    const std::vector<uint8_t>& data = profiler->ClientData();
    if (buffer != nullptr && capacity > 0)
    {
        std::copy_n(data.begin(), std::min(data.size(), static_cast<size_t>(capacity)), buffer);
    }
    return static_cast<int32_t>(data.size());
}

SHIM_EXPORT int32_t dt_shim_module_ids(uint64_t* ids, int32_t capacity)
{
    Profiler* profiler = LiveProfiler();
    if (profiler == nullptr)
    {
        return 0;
    }
    std::vector<uintptr_t> all = profiler->Modules().Ids();
    for (int32_t i = 0; ids != nullptr && i < capacity && i < static_cast<int32_t>(all.size()); i++)
    {
        ids[i] = all[i];
    }
    return static_cast<int32_t>(all.size());
}

SHIM_EXPORT int32_t dt_shim_module_path(uint64_t moduleId, char16_t* buffer, int32_t capacity)
{
    Profiler* profiler = LiveProfiler();
    ModuleRecord record;
    if (profiler == nullptr || !profiler->Modules().Find(static_cast<uintptr_t>(moduleId), record))
    {
        return -1;
    }
    return CopyText(record.path, buffer, capacity);
}

SHIM_EXPORT int32_t dt_shim_module_assembly_name(uint64_t moduleId, char16_t* buffer, int32_t capacity)
{
    Profiler* profiler = LiveProfiler();
    ModuleRecord record;
    if (profiler == nullptr || !profiler->Modules().Find(static_cast<uintptr_t>(moduleId), record))
    {
        return -1;
    }
    return CopyText(record.assemblyName, buffer, capacity);
}

SHIM_EXPORT uint64_t dt_shim_find_module_by_path(const char16_t* path)
{
    Profiler* profiler = LiveProfiler();
    if (profiler == nullptr || path == nullptr)
    {
        return 0;
    }
    uintptr_t id = profiler->Modules().FindByPath(path);
    if (id == 0)
    {
        profiler->RefreshModules(); // a module that loaded before an attach, or a lost notification
        id = profiler->Modules().FindByPath(path);
    }
    return id;
}

SHIM_EXPORT uint64_t dt_shim_find_module_by_assembly(const char16_t* assemblyName)
{
    Profiler* profiler = LiveProfiler();
    if (profiler == nullptr || assemblyName == nullptr)
    {
        return 0;
    }
    uintptr_t id = profiler->Modules().FindByAssemblyName(assemblyName);
    if (id == 0)
    {
        profiler->RefreshModules();
        id = profiler->Modules().FindByAssemblyName(assemblyName);
    }
    return id;
}

SHIM_EXPORT int32_t dt_shim_define_assembly_ref(uint64_t moduleId, const char16_t* name, uint16_t major, uint16_t minor, uint16_t build,
                                                uint16_t revision, const uint8_t* publicKeyOrToken, int32_t publicKeyLength,
                                                uint32_t flags, uint32_t* token)
{
    if (name == nullptr || publicKeyLength < 0)
    {
        return E_INVALIDARG;
    }
    if (token != nullptr && (*token = FindAssemblyRef(moduleId, name)) != 0)
    {
        return S_FALSE; // already referenced
    }
    return WithMetadata<IMetaDataAssemblyEmit>(moduleId, IID_IMetaDataAssemblyEmit, token, [&](IMetaDataAssemblyEmit* emit) {
        ASSEMBLYMETADATA metadata{};
        metadata.usMajorVersion = major;
        metadata.usMinorVersion = minor;
        metadata.usBuildNumber = build;
        metadata.usRevisionNumber = revision;
        return emit->DefineAssemblyRef(publicKeyOrToken, static_cast<ULONG>(publicKeyLength), name, &metadata, nullptr, 0, flags, token);
    });
}

SHIM_EXPORT int32_t dt_shim_define_type_ref(uint64_t moduleId, uint32_t resolutionScope, const char16_t* name, uint32_t* token)
{
    if (name == nullptr)
    {
        return E_INVALIDARG;
    }
    return WithMetadata<IMetaDataEmit2>(moduleId, IID_IMetaDataEmit2, token, [&](IMetaDataEmit2* emit) {
        return emit->DefineTypeRefByName(resolutionScope, name, token);
    });
}

SHIM_EXPORT int32_t dt_shim_define_member_ref(uint64_t moduleId, uint32_t parent, const char16_t* name, const uint8_t* signature,
                                              int32_t signatureLength, uint32_t* token)
{
    if (name == nullptr || signature == nullptr || signatureLength <= 0)
    {
        return E_INVALIDARG;
    }
    return WithMetadata<IMetaDataEmit2>(moduleId, IID_IMetaDataEmit2, token, [&](IMetaDataEmit2* emit) {
        return emit->DefineMemberRef(parent, name, signature, static_cast<ULONG>(signatureLength), token);
    });
}

SHIM_EXPORT int32_t dt_shim_define_method_spec(uint64_t moduleId, uint32_t parent, const uint8_t* signature, int32_t signatureLength,
                                               uint32_t* token)
{
    if (signature == nullptr || signatureLength <= 0)
    {
        return E_INVALIDARG;
    }
    return WithMetadata<IMetaDataEmit2>(moduleId, IID_IMetaDataEmit2, token, [&](IMetaDataEmit2* emit) {
        return emit->DefineMethodSpec(parent, signature, static_cast<ULONG>(signatureLength), token);
    });
}

SHIM_EXPORT int32_t dt_shim_define_type_spec(uint64_t moduleId, const uint8_t* signature, int32_t signatureLength, uint32_t* token)
{
    if (signature == nullptr || signatureLength <= 0)
    {
        return E_INVALIDARG;
    }
    return WithMetadata<IMetaDataEmit2>(moduleId, IID_IMetaDataEmit2, token, [&](IMetaDataEmit2* emit) {
        return emit->GetTokenFromTypeSpec(signature, static_cast<ULONG>(signatureLength), token);
    });
}

SHIM_EXPORT int32_t dt_shim_define_standalone_sig(uint64_t moduleId, const uint8_t* signature, int32_t signatureLength, uint32_t* token)
{
    if (signature == nullptr || signatureLength <= 0)
    {
        return E_INVALIDARG;
    }
    return WithMetadata<IMetaDataEmit2>(moduleId, IID_IMetaDataEmit2, token, [&](IMetaDataEmit2* emit) {
        return emit->GetTokenFromSig(signature, static_cast<ULONG>(signatureLength), token);
    });
}

SHIM_EXPORT int32_t dt_shim_define_user_string(uint64_t moduleId, const char16_t* text, int32_t length, uint32_t* token)
{
    if (text == nullptr || length < 0)
    {
        return E_INVALIDARG;
    }
    return WithMetadata<IMetaDataEmit2>(moduleId, IID_IMetaDataEmit2, token, [&](IMetaDataEmit2* emit) {
        return emit->DefineUserString(text, static_cast<ULONG>(length), token);
    });
}

SHIM_EXPORT int32_t dt_shim_apply_metadata(uint64_t moduleId)
{
    Profiler* profiler = LiveProfiler();
    return profiler == nullptr ? CORPROF_E_PROFILER_NOT_ATTACHED_SHIM : profiler->ApplyMetaData(static_cast<ModuleID>(moduleId));
}

SHIM_EXPORT int32_t dt_shim_set_il_body(uint64_t moduleId, uint32_t methodDef, const uint8_t* body, int32_t size)
{
    Profiler* profiler = LiveProfiler();
    if (profiler == nullptr)
    {
        return CORPROF_E_PROFILER_NOT_ATTACHED_SHIM;
    }
    if (body == nullptr || size <= 0)
    {
        return E_INVALIDARG;
    }
    try
    {
        profiler->Bodies().Put(static_cast<uintptr_t>(moduleId), methodDef, body, static_cast<size_t>(size));
        return S_OK;
    }
    catch (...)
    {
        return E_OUTOFMEMORY;
    }
}

SHIM_EXPORT int32_t dt_shim_request_rejit(int32_t count, const uint64_t* moduleIds, const uint32_t* methodDefs, int32_t timeoutMs)
{
    Profiler* profiler = LiveProfiler();
    if (profiler == nullptr)
    {
        return CORPROF_E_PROFILER_NOT_ATTACHED_SHIM;
    }
    if (count <= 0 || moduleIds == nullptr || methodDefs == nullptr || timeoutMs <= 0)
    {
        return E_INVALIDARG;
    }
    try
    {
        std::vector<ModuleID> modules(moduleIds, moduleIds + count);
        std::vector<mdMethodDef> methods(methodDefs, methodDefs + count);
        return profiler->RequestReJit(std::move(modules), std::move(methods), timeoutMs);
    }
    catch (...)
    {
        return E_FAIL;
    }
}

SHIM_EXPORT int32_t dt_shim_request_revert(int32_t count, const uint64_t* moduleIds, const uint32_t* methodDefs, int32_t* statuses,
                                           int32_t timeoutMs)
{
    Profiler* profiler = LiveProfiler();
    if (profiler == nullptr)
    {
        return CORPROF_E_PROFILER_NOT_ATTACHED_SHIM;
    }
    if (count <= 0 || moduleIds == nullptr || methodDefs == nullptr || timeoutMs <= 0)
    {
        return E_INVALIDARG;
    }
    try
    {
        std::vector<ModuleID> modules(moduleIds, moduleIds + count);
        std::vector<mdMethodDef> methods(methodDefs, methodDefs + count);
        std::vector<HRESULT> results;
        HRESULT hr = profiler->RequestRevert(std::move(modules), std::move(methods), results, timeoutMs);
        for (int32_t i = 0; statuses != nullptr && i < count && i < static_cast<int32_t>(results.size()); i++)
        {
            statuses[i] = results[i];
        }
        return hr;
    }
    catch (...)
    {
        return E_FAIL;
    }
}

SHIM_EXPORT int32_t dt_shim_rejit_status(uint64_t moduleId, uint32_t methodDef, int32_t* hresult)
{
    Profiler* profiler = LiveProfiler();
    ReJitStatus status = profiler == nullptr ? ReJitStatus{} : profiler->Bodies().GetStatus(static_cast<uintptr_t>(moduleId), methodDef);
    if (hresult != nullptr)
    {
        *hresult = status.hresult;
    }
    return static_cast<int32_t>(status.state);
}
