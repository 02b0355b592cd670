// The shim's exported surface: DllGetClassObject for the runtime, and a small C API for the
// managed agent (P/Invoke). Every function is exception-free and answers with an HRESULT (or a
// count); none of them ever throws or aborts into the app.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
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

constexpr int32_t kMetadataTimeoutMs = 10000;

// Runs `emit` on the shim's native thread against the module's metadata interface `Interface`
// (opened read/write) and copies the token it produced to `token`. The job owns copies of its
// inputs (captured by value by the callers), since after a timeout it may run later.
template <typename Interface>
int32_t EmitOnWorker(uint64_t moduleId, REFIID riid, uint32_t* token, std::function<HRESULT(Interface*, uint32_t*)> emit)
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
        auto result = std::make_shared<uint32_t>(0);
        IID iid = riid;
        HRESULT hr = profiler->RunOnWorker(
            [profiler, moduleId, iid, result, emit]() -> HRESULT {
                ComPtr<Interface> metadata;
                HRESULT opened = profiler->OpenMetadata(static_cast<ModuleID>(moduleId), iid, metadata.OutUnknown());
                if (Failed(opened) || !metadata)
                {
                    return Failed(opened) ? opened : E_FAIL;
                }
                return emit(metadata.Get(), result.get());
            },
            kMetadataTimeoutMs);
        if (hr != HRESULT_TIMEOUT)
        {
            *token = *result;
        }
        return hr;
    }
    catch (...)
    {
        return E_FAIL;
    }
}

// An AssemblyRef already in the module with this name (0 if none), so that repeated weaving or a
// second attach does not pile up duplicate references. Runs on the worker thread.
mdAssemblyRef FindAssemblyRef(IMetaDataAssemblyImport* import, const std::u16string& wanted)
{
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

void RefreshOnWorker(Profiler* profiler)
{
    try
    {
        profiler->RunOnWorker(
            [profiler]() -> HRESULT {
                profiler->RefreshModules();
                return S_OK;
            },
            kMetadataTimeoutMs);
    }
    catch (...)
    {
    }
}

std::vector<uint8_t> Bytes(const uint8_t* data, int32_t length)
{
    return std::vector<uint8_t>(data, data + length);
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
        // A module that loaded before an attach, or a lost notification: ask the runtime again.
        RefreshOnWorker(profiler);
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
        RefreshOnWorker(profiler);
        id = profiler->Modules().FindByAssemblyName(assemblyName);
    }
    return id;
}

SHIM_EXPORT int32_t dt_shim_define_assembly_ref(uint64_t moduleId, const char16_t* name, uint16_t major, uint16_t minor, uint16_t build,
                                                uint16_t revision, const uint8_t* publicKeyOrToken, int32_t publicKeyLength,
                                                uint32_t flags, uint32_t* token)
{
    if (name == nullptr || publicKeyLength < 0 || (publicKeyLength > 0 && publicKeyOrToken == nullptr))
    {
        return E_INVALIDARG;
    }
    std::u16string assemblyName(name);
    std::vector<uint8_t> key = publicKeyLength > 0 ? Bytes(publicKeyOrToken, publicKeyLength) : std::vector<uint8_t>();
    return EmitOnWorker<IMetaDataAssemblyEmit>(moduleId, IID_IMetaDataAssemblyEmit, token, [=](IMetaDataAssemblyEmit* emit, uint32_t* out) {
        ComPtr<IMetaDataAssemblyImport> import;
        if (Succeeded(emit->QueryInterface(IID_IMetaDataAssemblyImport, import.OutVoid())) && import &&
            (*out = FindAssemblyRef(import.Get(), assemblyName)) != 0)
        {
            return S_FALSE; // already referenced
        }
        ASSEMBLYMETADATA metadata{};
        metadata.usMajorVersion = major;
        metadata.usMinorVersion = minor;
        metadata.usBuildNumber = build;
        metadata.usRevisionNumber = revision;
        return emit->DefineAssemblyRef(key.empty() ? nullptr : key.data(), static_cast<ULONG>(key.size()), assemblyName.c_str(), &metadata,
                                       nullptr, 0, flags, out);
    });
}

SHIM_EXPORT int32_t dt_shim_define_type_ref(uint64_t moduleId, uint32_t resolutionScope, const char16_t* name, uint32_t* token)
{
    if (name == nullptr)
    {
        return E_INVALIDARG;
    }
    std::u16string typeName(name);
    return EmitOnWorker<IMetaDataEmit2>(moduleId, IID_IMetaDataEmit2, token, [=](IMetaDataEmit2* emit, uint32_t* out) {
        return emit->DefineTypeRefByName(resolutionScope, typeName.c_str(), out);
    });
}

SHIM_EXPORT int32_t dt_shim_define_member_ref(uint64_t moduleId, uint32_t parent, const char16_t* name, const uint8_t* signature,
                                              int32_t signatureLength, uint32_t* token)
{
    if (name == nullptr || signature == nullptr || signatureLength <= 0)
    {
        return E_INVALIDARG;
    }
    std::u16string memberName(name);
    std::vector<uint8_t> sig = Bytes(signature, signatureLength);
    return EmitOnWorker<IMetaDataEmit2>(moduleId, IID_IMetaDataEmit2, token, [=](IMetaDataEmit2* emit, uint32_t* out) {
        return emit->DefineMemberRef(parent, memberName.c_str(), sig.data(), static_cast<ULONG>(sig.size()), out);
    });
}

SHIM_EXPORT int32_t dt_shim_define_method_spec(uint64_t moduleId, uint32_t parent, const uint8_t* signature, int32_t signatureLength,
                                               uint32_t* token)
{
    if (signature == nullptr || signatureLength <= 0)
    {
        return E_INVALIDARG;
    }
    std::vector<uint8_t> sig = Bytes(signature, signatureLength);
    return EmitOnWorker<IMetaDataEmit2>(moduleId, IID_IMetaDataEmit2, token, [=](IMetaDataEmit2* emit, uint32_t* out) {
        return emit->DefineMethodSpec(parent, sig.data(), static_cast<ULONG>(sig.size()), out);
    });
}

SHIM_EXPORT int32_t dt_shim_define_type_spec(uint64_t moduleId, const uint8_t* signature, int32_t signatureLength, uint32_t* token)
{
    if (signature == nullptr || signatureLength <= 0)
    {
        return E_INVALIDARG;
    }
    std::vector<uint8_t> sig = Bytes(signature, signatureLength);
    return EmitOnWorker<IMetaDataEmit2>(moduleId, IID_IMetaDataEmit2, token, [=](IMetaDataEmit2* emit, uint32_t* out) {
        return emit->GetTokenFromTypeSpec(sig.data(), static_cast<ULONG>(sig.size()), out);
    });
}

SHIM_EXPORT int32_t dt_shim_define_standalone_sig(uint64_t moduleId, const uint8_t* signature, int32_t signatureLength, uint32_t* token)
{
    if (signature == nullptr || signatureLength <= 0)
    {
        return E_INVALIDARG;
    }
    std::vector<uint8_t> sig = Bytes(signature, signatureLength);
    return EmitOnWorker<IMetaDataEmit2>(moduleId, IID_IMetaDataEmit2, token, [=](IMetaDataEmit2* emit, uint32_t* out) {
        return emit->GetTokenFromSig(sig.data(), static_cast<ULONG>(sig.size()), out);
    });
}

SHIM_EXPORT int32_t dt_shim_define_user_string(uint64_t moduleId, const char16_t* text, int32_t length, uint32_t* token)
{
    if (text == nullptr || length < 0)
    {
        return E_INVALIDARG;
    }
    std::u16string value(text, static_cast<size_t>(length));
    return EmitOnWorker<IMetaDataEmit2>(moduleId, IID_IMetaDataEmit2, token, [=](IMetaDataEmit2* emit, uint32_t* out) {
        return emit->DefineUserString(value.c_str(), static_cast<ULONG>(value.size()), out);
    });
}

SHIM_EXPORT int32_t dt_shim_apply_metadata(uint64_t moduleId)
{
    Profiler* profiler = LiveProfiler();
    if (profiler == nullptr)
    {
        return CORPROF_E_PROFILER_NOT_ATTACHED_SHIM;
    }
    return profiler->RunOnWorker([profiler, moduleId] { return profiler->ApplyMetaData(static_cast<ModuleID>(moduleId)); },
                                 kMetadataTimeoutMs);
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

SHIM_EXPORT int32_t dt_shim_set_il_offset_map(uint64_t moduleId, uint32_t methodDef, const uint32_t* originalOffsets,
                                              const uint32_t* newOffsets, int32_t count)
{
    Profiler* profiler = LiveProfiler();
    if (profiler == nullptr)
    {
        return CORPROF_E_PROFILER_NOT_ATTACHED_SHIM;
    }
    if (originalOffsets == nullptr || newOffsets == nullptr || count <= 0)
    {
        return E_INVALIDARG;
    }
    try
    {
        std::vector<std::pair<uint32_t, uint32_t>> map;
        map.reserve(static_cast<size_t>(count));
        for (int32_t i = 0; i < count; i++)
        {
            map.emplace_back(originalOffsets[i], newOffsets[i]);
        }
        profiler->Bodies().PutOffsetMap(static_cast<uintptr_t>(moduleId), methodDef, std::move(map));
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

SHIM_EXPORT int32_t dt_shim_find_r2r_inliners(uint64_t inlinersModule, uint64_t inlineeModule, int32_t inlineeCount,
                                              const uint32_t* inlinees, uint32_t* inliners, int32_t capacity, int32_t* count,
                                              int32_t* incomplete)
{
    if (count == nullptr || incomplete == nullptr || inlineeCount < 0 || (inlineeCount > 0 && inlinees == nullptr) || capacity < 0)
    {
        return E_INVALIDARG;
    }
    *count = 0;
    *incomplete = 0;
    Profiler* profiler = LiveProfiler();
    if (profiler == nullptr)
    {
        return CORPROF_E_PROFILER_NOT_ATTACHED_SHIM;
    }
    try
    {
        struct Query
        {
            std::vector<mdMethodDef> inlinees;
            std::vector<mdMethodDef> inliners;
            bool incomplete = false;
        };
        auto query = std::make_shared<Query>();
        query->inlinees.assign(inlinees, inlinees + inlineeCount);
        HRESULT hr = profiler->RunOnWorker(
            [profiler, query, inlinersModule, inlineeModule]() {
                return profiler->FindReadyToRunInliners(static_cast<ModuleID>(inlinersModule), static_cast<ModuleID>(inlineeModule),
                                                        query->inlinees, query->inliners, query->incomplete);
            },
            kMetadataTimeoutMs);
        if (Failed(hr))
        {
            return hr;
        }
        *count = static_cast<int32_t>(query->inliners.size());
        *incomplete = query->incomplete ? 1 : 0;
        for (int32_t i = 0; inliners != nullptr && i < capacity && i < *count; i++)
        {
            inliners[i] = query->inliners[i];
        }
        return S_OK;
    }
    catch (...)
    {
        return E_FAIL;
    }
}
