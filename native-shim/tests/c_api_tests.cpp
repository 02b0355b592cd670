// Tests of the C API (shim_exports.cpp) against a fake runtime: metadata calls run on the shim's
// native thread, inputs are copied, an existing AssemblyRef is reused, ApplyMetaData is forwarded.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "fake_metadata.h"
#include "fake_profiler_info.h"
#include "profiler.h"
#include "shim_api.h"
#include "test_framework.h"

using namespace dt;

namespace {

// One object playing the module's metadata: emit, assembly emit and assembly import.
class FakeModuleMetadata final : public testing::FakeMetaDataEmitBase
{
public:
    class AssemblyEmit final : public testing::FakeAssemblyEmitBase
    {
    public:
        explicit AssemblyEmit(FakeModuleMetadata& owner) : owner_(owner) {}
        HRESULT QueryInterface(REFIID riid, void** ppv) override { return owner_.QueryInterface(riid, ppv); }
        ULONG AddRef() override { return owner_.AddRef(); }
        ULONG Release() override { return owner_.Release(); }
        HRESULT DefineAssemblyRef(const void*, ULONG cbPublicKey, LPCWSTR szName, const ASSEMBLYMETADATA* metadata, const void*, ULONG, DWORD,
                                  mdAssemblyRef* token) override
        {
            owner_.definedAssemblies.push_back(szName);
            owner_.definedKeyLength = cbPublicKey;
            owner_.definedMajor = metadata->usMajorVersion;
            *token = 0x23000002;
            return S_OK;
        }

    private:
        FakeModuleMetadata& owner_;
    };

    class AssemblyImport final : public testing::FakeAssemblyImportBase
    {
    public:
        explicit AssemblyImport(FakeModuleMetadata& owner) : owner_(owner) {}
        HRESULT QueryInterface(REFIID riid, void** ppv) override { return owner_.QueryInterface(riid, ppv); }
        ULONG AddRef() override { return owner_.AddRef(); }
        ULONG Release() override { return owner_.Release(); }
        HRESULT EnumAssemblyRefs(HCORENUM* phEnum, mdAssemblyRef refs[], ULONG, ULONG* count) override
        {
            // One existing reference, System.Runtime, handed out on the first call only.
            *count = *phEnum == nullptr ? 1 : 0;
            refs[0] = 0x23000001;
            *phEnum = reinterpret_cast<HCORENUM>(1);
            return *count == 1 ? S_OK : S_FALSE;
        }
        HRESULT GetAssemblyRefProps(mdAssemblyRef, const void**, ULONG*, LPWSTR name, ULONG cchName, ULONG* pchName, ASSEMBLYMETADATA*,
                                    const void**, ULONG*, DWORD*) override
        {
            std::u16string existing = u"System.Runtime";
            *pchName = static_cast<ULONG>(existing.size() + 1);
            if (cchName > existing.size())
            {
                existing.copy(name, existing.size());
                name[existing.size()] = u'\0';
            }
            return S_OK;
        }
        void CloseEnum(HCORENUM) override { owner_.enumsClosed++; }

    private:
        FakeModuleMetadata& owner_;
    };

    HRESULT QueryInterface(REFIID riid, void** ppv) override
    {
        if (riid == IID_IMetaDataEmit2 || riid == IID_IUnknown)
        {
            *ppv = static_cast<IMetaDataEmit2*>(this);
        }
        else if (riid == IID_IMetaDataAssemblyEmit)
        {
            *ppv = static_cast<IMetaDataAssemblyEmit*>(&assemblyEmit);
        }
        else if (riid == IID_IMetaDataAssemblyImport)
        {
            *ppv = static_cast<IMetaDataAssemblyImport*>(&assemblyImport);
        }
        else
        {
            *ppv = nullptr;
            return E_NOINTERFACE;
        }
        AddRef();
        return S_OK;
    }
    ULONG AddRef() override { return ++refs; }
    ULONG Release() override { return --refs; }

    HRESULT DefineMemberRef(mdToken parent, LPCWSTR name, PCCOR_SIGNATURE sig, ULONG cbSig, mdMemberRef* token) override
    {
        lastThread = std::this_thread::get_id();
        memberParent = parent;
        memberName = name;
        memberSignature.assign(sig, sig + cbSig);
        *token = 0x0A000007;
        return S_OK;
    }
    HRESULT GetTokenFromSig(PCCOR_SIGNATURE sig, ULONG cbSig, mdSignature* token) override
    {
        localSignature.assign(sig, sig + cbSig);
        *token = 0x11000003;
        return S_OK;
    }
    HRESULT DefineUserString(LPCWSTR text, ULONG length, mdString* token) override
    {
        userString.assign(text, length);
        *token = 0x70000042;
        return S_OK;
    }

    std::atomic<ULONG> refs{0};
    AssemblyEmit assemblyEmit{*this};
    AssemblyImport assemblyImport{*this};
    std::vector<std::u16string> definedAssemblies;
    ULONG definedKeyLength = 0;
    USHORT definedMajor = 0;
    int enumsClosed = 0;
    std::thread::id lastThread;
    mdToken memberParent = 0;
    std::u16string memberName;
    std::vector<uint8_t> memberSignature;
    std::vector<uint8_t> localSignature;
    std::u16string userString;
};

class MetadataRuntime final : public testing::FakeProfilerInfoBase
{
public:
    HRESULT QueryInterface(REFIID riid, void** ppv) override
    {
        if (riid == IID_ICorProfilerInfo4 || riid == IID_ICorProfilerInfo7 || riid == IID_IUnknown)
        {
            *ppv = static_cast<ICorProfilerInfo7*>(this);
            return S_OK;
        }
        *ppv = nullptr;
        return E_NOINTERFACE;
    }
    HRESULT SetEventMask(DWORD) override { return S_OK; }
    HRESULT InitializeCurrentThread() override { return S_OK; }
    HRESULT GetModuleMetaData(ModuleID moduleId, DWORD flags, REFIID riid, IUnknown** out) override
    {
        metadataThread = std::this_thread::get_id();
        openFlags = flags;
        if (moduleId != 0x100)
        {
            *out = nullptr;
            return E_INVALIDARG;
        }
        return metadata.QueryInterface(riid, reinterpret_cast<void**>(out));
    }
    HRESULT ApplyMetaData(ModuleID moduleId) override
    {
        appliedModule = moduleId;
        applyThread = std::this_thread::get_id();
        return S_OK;
    }

    FakeModuleMetadata metadata;
    std::thread::id metadataThread;
    std::thread::id applyThread;
    DWORD openFlags = 0;
    ModuleID appliedModule = 0;
};

} // namespace

TEST(c_api_emits_metadata_on_the_worker_thread_with_copied_inputs)
{
    static MetadataRuntime runtime; // outlives the profiler's worker thread
    auto* profiler = new Profiler();
    CHECK(profiler->Initialize(&runtime) == S_OK);
    CHECK(dt_shim_is_attached() == 1);
    CHECK(dt_shim_load_mode() == 1);

    // An AssemblyRef the module has already is reused (S_FALSE), a new one is defined.
    uint32_t token = 0;
    CHECK(dt_shim_define_assembly_ref(0x100, u"System.Runtime", 8, 0, 0, 0, nullptr, 0, 0, &token) == S_FALSE);
    CHECK(token == 0x23000001);
    CHECK(runtime.metadata.definedAssemblies.empty());
    uint8_t key[] = {1, 2, 3, 4, 5, 6, 7, 8};
    CHECK(dt_shim_define_assembly_ref(0x100, u"DotnetTelemetry.Probes", 1, 2, 3, 4, key, 8, 0, &token) == S_OK);
    CHECK(token == 0x23000002);
    CHECK(runtime.metadata.definedAssemblies.size() == 1 && runtime.metadata.definedAssemblies[0] == u"DotnetTelemetry.Probes");
    CHECK(runtime.metadata.definedKeyLength == 8 && runtime.metadata.definedMajor == 1);
    CHECK(runtime.metadata.enumsClosed == 2);

    // The module's metadata is opened read/write, on the shim's thread, never the caller's.
    std::vector<uint8_t> signature{0x00, 0x01, 0x01, 0x0E};
    std::u16string name = u"WriteLine";
    CHECK(dt_shim_define_member_ref(0x100, 0x01000005, name.c_str(), signature.data(), 4, &token) == S_OK);
    CHECK(token == 0x0A000007);
    CHECK(runtime.openFlags == (ofRead | ofWrite));
    CHECK(runtime.metadataThread != std::this_thread::get_id());
    CHECK(runtime.metadata.lastThread == runtime.metadataThread);
    CHECK(runtime.metadata.memberParent == 0x01000005 && runtime.metadata.memberName == u"WriteLine");
    CHECK(runtime.metadata.memberSignature == signature);

    uint8_t locals[] = {0x07, 0x01, 0x08};
    CHECK(dt_shim_define_standalone_sig(0x100, locals, 3, &token) == S_OK && token == 0x11000003);
    CHECK((runtime.metadata.localSignature == std::vector<uint8_t>{0x07, 0x01, 0x08}));
    CHECK(dt_shim_define_user_string(0x100, u"hello there", 5, &token) == S_OK && token == 0x70000042);
    CHECK(runtime.metadata.userString == u"hello");

    CHECK(dt_shim_apply_metadata(0x100) == S_OK);
    CHECK(runtime.appliedModule == 0x100 && runtime.applyThread == runtime.metadataThread);

    // Failures come back as HRESULTs with a zero token; bad arguments never reach the runtime.
    token = 123;
    CHECK(dt_shim_define_member_ref(0x999, 0x01000005, name.c_str(), signature.data(), 4, &token) == E_INVALIDARG && token == 0);
    CHECK(dt_shim_define_member_ref(0x100, 0x01000005, nullptr, signature.data(), 4, &token) == E_INVALIDARG);
    CHECK(dt_shim_define_type_ref(0x100, 0x23000001, u"System.Console", nullptr) == E_POINTER);
    CHECK(dt_shim_define_type_ref(0x100, 0x23000001, u"System.Console", &token) == E_NOTIMPL); // the fake has no DefineTypeRefByName
    CHECK(dt_shim_request_rejit(0, nullptr, nullptr, 1000) == E_INVALIDARG);

    CHECK(profiler->Shutdown() == S_OK);
    CHECK(dt_shim_is_attached() == 0);
}
