// Unit tests of the shim, run by ctest: COM rules of the class factory and the profiler object,
// the IL-body store, the module table, the native worker, the profiler against a fake runtime,
// and the exported library loaded the way the runtime loads it (dlopen + DllGetClassObject).
#include <dlfcn.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "class_factory.h"
#include "test_framework.h"
#include "fake_profiler_info.h"
#include "il_body_store.h"
#include "module_table.h"
#include "native_worker.h"
#include "profiler.h"

using namespace dt;

namespace {

// A COM object that counts how many instances are alive.
std::atomic<int> g_liveObjects{0};
class CountedObject final : public IUnknown
{
public:
    CountedObject() { g_liveObjects++; }
    ~CountedObject() { g_liveObjects--; }
    HRESULT QueryInterface(REFIID riid, void** ppv) override
    {
        if (riid == IID_IUnknown)
        {
            *ppv = this;
            AddRef();
            return S_OK;
        }
        *ppv = nullptr;
        return E_NOINTERFACE;
    }
    ULONG AddRef() override { return ++refs_; }
    ULONG Release() override
    {
        ULONG left = --refs_;
        if (left == 0) delete this;
        return left;
    }

private:
    std::atomic<ULONG> refs_{1};
};

constexpr IID IID_Unrelated = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};

} // namespace

TEST(class_factory_answers_only_its_own_interfaces)
{
    auto* factory = new ClassFactory([] { return new CountedObject(); });
    void* out = reinterpret_cast<void*>(1);
    CHECK(factory->QueryInterface(IID_IClassFactory, &out) == S_OK && out == factory);
    factory->Release();
    CHECK(factory->QueryInterface(IID_IUnknown, &out) == S_OK && out == factory);
    factory->Release();
    CHECK(factory->QueryInterface(IID_Unrelated, &out) == E_NOINTERFACE && out == nullptr);
    CHECK(factory->QueryInterface(IID_IUnknown, nullptr) == E_POINTER);
    factory->Release();
}

TEST(class_factory_refuses_aggregation_and_frees_unwanted_objects)
{
    auto* factory = new ClassFactory([] { return new CountedObject(); });
    CountedObject outer;
    void* out = reinterpret_cast<void*>(1);
    CHECK(factory->CreateInstance(&outer, IID_IUnknown, &out) == CLASS_E_NOAGGREGATION && out == nullptr);

    int before = g_liveObjects.load();
    CHECK(factory->CreateInstance(nullptr, IID_Unrelated, &out) == E_NOINTERFACE && out == nullptr);
    CHECK(g_liveObjects.load() == before); // created, refused, freed

    CHECK(factory->CreateInstance(nullptr, IID_IUnknown, &out) == S_OK && out != nullptr);
    CHECK(g_liveObjects.load() == before + 1);
    static_cast<IUnknown*>(out)->Release();
    CHECK(g_liveObjects.load() == before);
    factory->Release();
}

TEST(profiler_object_answers_callback_interfaces_only)
{
    auto* profiler = new Profiler();
    void* out = nullptr;
    for (const IID* iid : {&IID_IUnknown, &IID_ICorProfilerCallback, &IID_ICorProfilerCallback2, &IID_ICorProfilerCallback3,
                           &IID_ICorProfilerCallback4})
    {
        CHECK(profiler->QueryInterface(*iid, &out) == S_OK && out == static_cast<ICorProfilerCallback4*>(profiler));
        profiler->Release();
    }
    CHECK(profiler->QueryInterface(IID_ICorProfilerInfo4, &out) == E_NOINTERFACE && out == nullptr);
    CHECK(profiler->Release() == 0);
}

TEST(il_body_store_copies_bodies_and_tracks_status)
{
    IlBodyStore store;
    std::vector<uint8_t> body{0x1B, 0x30, 0x02, 0x00};
    store.Put(7, 0x06000001, body.data(), body.size());
    body[0] = 0xFF; // the store owns its copy
    std::vector<uint8_t> out;
    CHECK(store.Get(7, 0x06000001, out) && out.size() == 4 && out[0] == 0x1B);
    CHECK(store.GetStatus(7, 0x06000001).state == ReJitState::BodyStored);
    CHECK(!store.Get(7, 0x06000002, out));
    CHECK(store.GetStatus(7, 0x06000002).state == ReJitState::Unknown);

    std::vector<uint8_t> replacement{0x02, 0x2A};
    store.Put(7, 0x06000001, replacement.data(), replacement.size());
    CHECK(store.Get(7, 0x06000001, out) && out == replacement);

    store.SetStatus(7, 0x06000001, ReJitState::Failed, static_cast<int32_t>(0x80131330));
    CHECK(store.GetStatus(7, 0x06000001).state == ReJitState::Failed);
    CHECK(store.GetStatus(7, 0x06000001).hresult == static_cast<int32_t>(0x80131330));

    store.Put(8, 0x06000001, replacement.data(), replacement.size());
    store.RemoveModule(7);
    CHECK(!store.Get(7, 0x06000001, out));
    CHECK(store.GetStatus(7, 0x06000001).state == ReJitState::Unknown);
    CHECK(store.Get(8, 0x06000001, out));
    CHECK(store.Count() == 1);
}

TEST(il_body_store_keeps_an_offset_map_per_body)
{
    IlBodyStore store;
    std::vector<uint8_t> body{0x02, 0x2A};
    store.Put(7, 0x06000001, body.data(), body.size());
    store.PutOffsetMap(7, 0x06000001, {{0, 12}, {5, 20}});
    std::vector<std::pair<uint32_t, uint32_t>> map;
    CHECK(store.GetOffsetMap(7, 0x06000001, map) && map.size() == 2 && map[1].first == 5 && map[1].second == 20);
    CHECK(!store.GetOffsetMap(7, 0x06000002, map));

    // A new body makes the old map meaningless: it goes with it.
    store.Put(7, 0x06000001, body.data(), body.size());
    CHECK(!store.GetOffsetMap(7, 0x06000001, map));

    store.PutOffsetMap(7, 0x06000001, {{0, 4}});
    store.RemoveModule(7);
    CHECK(!store.GetOffsetMap(7, 0x06000001, map));
}

TEST(module_table_finds_latest_module_by_path_and_name)
{
    ModuleTable table;
    table.Add({1, u"/app/A.dll", u"A"});
    table.Add({2, u"/app/B.dll", u"B"});
    table.Add({3, u"/app/A.dll", u"A"}); // the same file loaded again (another load context)
    CHECK(table.FindByPath(u"/app/A.dll") == 3);
    CHECK(table.FindByAssemblyName(u"B") == 2);
    CHECK(table.FindByPath(u"/app/C.dll") == 0);
    table.Remove(3);
    CHECK(table.FindByPath(u"/app/A.dll") == 1);
    ModuleRecord record;
    CHECK(table.Find(2, record) && record.path == u"/app/B.dll" && record.assemblyName == u"B");
    CHECK((table.Ids() == std::vector<uintptr_t>{1, 2}));
}

TEST(native_worker_runs_jobs_in_order_on_its_own_initialised_thread)
{
    std::atomic<int> initCount{0};
    std::thread::id initThread;
    NativeWorker worker([&] {
        initCount++;
        initThread = std::this_thread::get_id();
    });
    std::vector<int> order;
    for (int i = 0; i < 5; i++)
    {
        int32_t result = worker.Run(
            [&, i] {
                CHECK(worker.IsWorkerThread());
                CHECK(std::this_thread::get_id() == initThread);
                order.push_back(i);
                return i;
            },
            std::chrono::seconds(5));
        CHECK(result == i);
    }
    CHECK(initCount.load() == 1);
    CHECK(!worker.IsWorkerThread());
    CHECK((order == std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(native_worker_bounds_waiting_and_survives_failing_jobs)
{
    NativeWorker worker(nullptr, 2);
    CHECK(worker.Run([] () -> int32_t { throw std::runtime_error("boom"); }, std::chrono::seconds(5)) == E_FAIL);

    std::atomic<bool> release{false};
    auto slow = [&] {
        while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return S_OK;
    };
    CHECK(worker.Run(slow, std::chrono::milliseconds(50)) == HRESULT_TIMEOUT);
    // The slow job still holds the thread: one more fits in the queue, then it is full.
    CHECK(worker.Run(slow, std::chrono::milliseconds(10)) == HRESULT_TIMEOUT);
    CHECK(worker.Run(slow, std::chrono::milliseconds(10)) == HRESULT_TIMEOUT);
    CHECK(worker.Run(slow, std::chrono::milliseconds(10)) == E_FAIL);
    release.store(true);
    // Once the queued jobs drain, the worker takes new ones again.
    int32_t answer = E_FAIL;
    for (int attempt = 0; attempt < 500 && answer == E_FAIL; attempt++)
    {
        answer = worker.Run([] { return static_cast<int32_t>(42); }, std::chrono::seconds(5));
        if (answer == E_FAIL) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(answer == 42);
    worker.Stop();
    CHECK(worker.Run([] { return S_OK; }, std::chrono::seconds(1)) == E_FAIL);
}

namespace {

// The runtime side of the profiling API, as far as the profiler uses it.
class FakeRuntime final : public testing::FakeProfilerInfoBase
{
public:
    DWORD eventMask = 0;
    std::atomic<int> initializeCurrentThreadCalls{0};
    std::thread::id initializedThread;
    std::thread::id rejitThread;
    std::vector<ModuleID> rejitModules;
    std::vector<mdMethodDef> rejitMethods;

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
    HRESULT SetEventMask(DWORD events) override
    {
        eventMask = events;
        return S_OK;
    }
    HRESULT GetModuleInfo2(ModuleID moduleId, LPCBYTE* base, ULONG cchName, ULONG* pcchName, WCHAR szName[], AssemblyID* assembly,
                           DWORD* flags) override
    {
        std::u16string path = moduleId == 0x100 ? u"/app/ConsoleSample.dll" : u"/app/Other.dll";
        *pcchName = static_cast<ULONG>(path.size() + 1);
        if (cchName >= path.size() + 1)
        {
            path.copy(szName, path.size());
            szName[path.size()] = u'\0';
        }
        *base = nullptr;
        *assembly = moduleId + 1;
        *flags = 0;
        return S_OK;
    }
    HRESULT GetAssemblyInfo(AssemblyID assemblyId, ULONG cchName, ULONG* pcchName, WCHAR szName[], AppDomainID*, ModuleID*) override
    {
        std::u16string name = assemblyId == 0x101 ? u"ConsoleSample" : u"Other";
        *pcchName = static_cast<ULONG>(name.size() + 1);
        if (cchName >= name.size() + 1)
        {
            name.copy(szName, name.size());
            szName[name.size()] = u'\0';
        }
        return S_OK;
    }
    HRESULT InitializeCurrentThread() override
    {
        initializeCurrentThreadCalls++;
        initializedThread = std::this_thread::get_id();
        return S_OK;
    }
    HRESULT RequestReJIT(ULONG count, ModuleID modules[], mdMethodDef methods[]) override
    {
        rejitThread = std::this_thread::get_id();
        rejitModules.assign(modules, modules + count);
        rejitMethods.assign(methods, methods + count);
        return S_OK;
    }
};

class FakeFunctionControl final : public ICorProfilerFunctionControl
{
public:
    std::vector<uint8_t> body;
    HRESULT QueryInterface(REFIID, void** ppv) override { *ppv = nullptr; return E_NOINTERFACE; }
    ULONG AddRef() override { return 1; }
    ULONG Release() override { return 1; }
    HRESULT SetCodegenFlags(DWORD) override { return S_OK; }
    HRESULT SetILFunctionBody(ULONG size, LPCBYTE bytes) override
    {
        body.assign(bytes, bytes + size);
        return S_OK;
    }
    HRESULT SetILInstrumentedCodeMap(ULONG, COR_IL_MAP[]) override { return S_OK; }
};

} // namespace

TEST(profiler_drives_the_runtime_as_documented)
{
    FakeRuntime runtime;
    auto* profiler = new Profiler();
    CHECK(profiler->Initialize(&runtime) == S_OK);
    CHECK(runtime.eventMask == (COR_PRF_MONITOR_MODULE_LOADS | COR_PRF_ENABLE_REJIT));
    CHECK(Profiler::Active() == profiler);
    CHECK(profiler->Mode() == LoadMode::Startup);

    // Modules are tracked with their path and assembly name.
    CHECK(profiler->ModuleLoadFinished(0x100, S_OK) == S_OK);
    CHECK(profiler->ModuleLoadFinished(0x200, E_FAIL) == S_OK); // a failed load is not tracked
    CHECK(profiler->Modules().FindByPath(u"/app/ConsoleSample.dll") == 0x100);
    CHECK(profiler->Modules().FindByAssemblyName(u"ConsoleSample") == 0x100);
    CHECK(profiler->Modules().Count() == 1);

    // ReJIT runs on the shim's own thread, initialised for the runtime first.
    std::vector<uint8_t> body{0x0A, 0x2A}; // tiny header (2 bytes of IL), ret
    profiler->Bodies().Put(0x100, 0x06000002, body.data(), body.size());
    CHECK(profiler->RequestReJit({0x100}, {0x06000002}, 5000) == S_OK);
    CHECK(runtime.initializeCurrentThreadCalls.load() == 1);
    CHECK(runtime.rejitThread == runtime.initializedThread);
    CHECK(runtime.rejitThread != std::this_thread::get_id());
    CHECK((runtime.rejitModules == std::vector<ModuleID>{0x100}) && (runtime.rejitMethods == std::vector<mdMethodDef>{0x06000002}));
    CHECK(profiler->Bodies().GetStatus(0x100, 0x06000002).state == ReJitState::Requested);

    // The runtime asks for the IL: it gets the stored body.
    FakeFunctionControl control;
    CHECK(profiler->GetReJITParameters(0x100, 0x06000002, &control) == S_OK);
    CHECK(control.body == body);
    CHECK(profiler->Bodies().GetStatus(0x100, 0x06000002).state == ReJitState::BodyDelivered);

    // A method without a stored body keeps its IL; a ReJIT error is recorded with its HRESULT.
    FakeFunctionControl untouched;
    CHECK(profiler->GetReJITParameters(0x100, 0x06000003, &untouched) == S_OK && untouched.body.empty());
    CHECK(profiler->ReJITError(0x100, 0x06000002, 0, static_cast<HRESULT>(0x80131330)) == S_OK);
    CHECK(profiler->Bodies().GetStatus(0x100, 0x06000002).state == ReJitState::Failed);

    // Unloading a module forgets it.
    CHECK(profiler->ModuleUnloadStarted(0x100) == S_OK);
    CHECK(profiler->Modules().FindByPath(u"/app/ConsoleSample.dll") == 0);
    CHECK(profiler->Shutdown() == S_OK);
    CHECK(profiler->Mode() == LoadMode::NotLoaded);
}

namespace {
constexpr CLSID kShimClsid = {0x70BAAC33, 0x8E8A, 0x4A74, {0xB5, 0x41, 0x49, 0xCC, 0x41, 0x29, 0xC9, 0x7A}};
}

TEST(library_exports_a_class_factory_and_a_quiet_c_api)
{
    void* library = dlopen(SHIM_LIBRARY_PATH, RTLD_NOW | RTLD_LOCAL);
    CHECK(library != nullptr);
    if (library == nullptr)
    {
        std::fprintf(stderr, "  dlopen: %s\n", dlerror());
        return;
    }
    using GetClassObject = HRESULT (*)(REFCLSID, REFIID, void**);
    auto getClassObject = reinterpret_cast<GetClassObject>(dlsym(library, "DllGetClassObject"));
    auto apiVersion = reinterpret_cast<int32_t (*)()>(dlsym(library, "dt_shim_api_version"));
    auto isAttached = reinterpret_cast<int32_t (*)()>(dlsym(library, "dt_shim_is_attached"));
    auto requestRejit = reinterpret_cast<int32_t (*)(int32_t, const uint64_t*, const uint32_t*, int32_t)>(dlsym(library, "dt_shim_request_rejit"));
    auto setBody = reinterpret_cast<int32_t (*)(uint64_t, uint32_t, const uint8_t*, int32_t)>(dlsym(library, "dt_shim_set_il_body"));
    CHECK(getClassObject != nullptr && apiVersion != nullptr && isAttached != nullptr && requestRejit != nullptr && setBody != nullptr);
    CHECK(dlsym(library, "_ZN2dt8Profiler6ActiveEv") == nullptr); // internals stay hidden
    if (getClassObject == nullptr || apiVersion == nullptr || isAttached == nullptr || requestRejit == nullptr || setBody == nullptr)
    {
        return;
    }

    CHECK(apiVersion() == 3);
    // Nothing initialised the profiler in this process: the C API says so and does nothing.
    CHECK(isAttached() == 0);
    uint64_t module = 1;
    uint32_t method = 0x06000001;
    uint8_t body[] = {0x06, 0x2A};
    CHECK(requestRejit(1, &module, &method, 1000) == CORPROF_E_PROFILER_NOT_ATTACHED_SHIM);
    CHECK(setBody(module, method, body, 2) == CORPROF_E_PROFILER_NOT_ATTACHED_SHIM);

    void* out = reinterpret_cast<void*>(1);
    CHECK(getClassObject(IID_Unrelated, IID_IClassFactory, &out) == CLASS_E_CLASSNOTAVAILABLE && out == nullptr);
    CHECK(getClassObject(kShimClsid, IID_IClassFactory, &out) == S_OK && out != nullptr);
    auto* factory = static_cast<IClassFactory*>(out);
    void* callback = nullptr;
    CHECK(factory->CreateInstance(nullptr, IID_ICorProfilerCallback4, &callback) == S_OK && callback != nullptr);
    void* viaCallback3 = nullptr;
    CHECK(static_cast<IUnknown*>(callback)->QueryInterface(IID_ICorProfilerCallback3, &viaCallback3) == S_OK &&
          viaCallback3 == callback);
    static_cast<IUnknown*>(viaCallback3)->Release();
    CHECK(static_cast<IUnknown*>(callback)->Release() == 0);
    factory->Release();
    dlclose(library);
}

int main()
{
    using dt::testing::Failures;
    using dt::testing::Tests;
    for (auto& [name, test] : Tests())
    {
        int before = Failures();
        test();
        std::printf("%s %s\n", Failures() == before ? "ok  " : "FAIL", name);
    }
    std::printf("%zu tests, %d failed checks\n", Tests().size(), Failures());
    return Failures() == 0 ? 0 : 1;
}
