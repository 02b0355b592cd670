#include "profiler.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <strings.h>

#include "log.h"

namespace dt {

namespace {

std::atomic<Profiler*> g_active{nullptr};

// The agent's own switches turn the profiler off too, so a disabled agent costs nothing.
bool DisabledByEnvironment()
{
    const char* enabled = std::getenv("DOTNET_TELEMETRY_ENABLED");
    const char* otelDisabled = std::getenv("OTEL_SDK_DISABLED");
    return (enabled != nullptr && strcasecmp(enabled, "false") == 0) ||
           (otelDisabled != nullptr && strcasecmp(otelDisabled, "true") == 0);
}

std::string Narrow(const std::u16string& text)
{
    std::string result;
    for (char16_t c : text)
    {
        result.push_back(c < 0x80 ? static_cast<char>(c) : '?');
    }
    return result;
}

} // namespace

Profiler* Profiler::Active()
{
    return g_active.load();
}

HRESULT Profiler::QueryInterface(REFIID riid, void** ppvObject)
{
    if (ppvObject == nullptr)
    {
        return E_POINTER;
    }
    if (riid == IID_IUnknown || riid == IID_ICorProfilerCallback || riid == IID_ICorProfilerCallback2 ||
        riid == IID_ICorProfilerCallback3 || riid == IID_ICorProfilerCallback4)
    {
        *ppvObject = static_cast<ICorProfilerCallback4*>(this);
        AddRef();
        return S_OK;
    }
    *ppvObject = nullptr;
    return E_NOINTERFACE;
}

ULONG Profiler::AddRef()
{
    return ++refCount_;
}

ULONG Profiler::Release()
{
    ULONG remaining = --refCount_;
    if (remaining == 0)
    {
        delete this;
    }
    return remaining;
}

HRESULT Profiler::Start(IUnknown* infoUnknown, LoadMode mode)
{
    if (infoUnknown == nullptr)
    {
        return E_INVALIDARG;
    }
    HRESULT hr = infoUnknown->QueryInterface(IID_ICorProfilerInfo4, reinterpret_cast<void**>(&info_));
    if (Failed(hr) || info_ == nullptr)
    {
        LogLine("ICorProfilerInfo4 not available (0x%08x): profiler not started", static_cast<unsigned>(hr));
        return E_FAIL;
    }
    if (Failed(infoUnknown->QueryInterface(IID_ICorProfilerInfo7, reinterpret_cast<void**>(&info7_))))
    {
        info7_ = nullptr;
    }
    if (Failed(infoUnknown->QueryInterface(IID_ICorProfilerInfo10, reinterpret_cast<void**>(&info10_))))
    {
        info10_ = nullptr;
    }

    // ReJIT must be enabled for ReadyToRun methods to get the precode ReJIT needs: at startup this
    // covers every method; after an attach, methods whose R2R code is already in use may refuse
    // (reported per method through ReJITError). NGEN/R2R images stay enabled: disabling them would
    // force the whole framework through the JIT for no gain.
    hr = info_->SetEventMask(COR_PRF_MONITOR_MODULE_LOADS | COR_PRF_ENABLE_REJIT);
    if (Failed(hr))
    {
        LogLine("SetEventMask failed (0x%08x): profiler not started", static_cast<unsigned>(hr));
        return E_FAIL;
    }

    ICorProfilerInfo4* info = info_;
    worker_ = new NativeWorker([info] {
        // Lets the runtime know this native thread before it calls RequestReJIT from it.
        info->InitializeCurrentThread();
    });
    AddRef(); // the reference g_active holds, for the C API
    mode_.store(mode);
    g_active.store(this);
    LogLine("profiler started (%s)", mode == LoadMode::Startup ? "startup" : "attach");
    return S_OK;
}

HRESULT Profiler::Initialize(IUnknown* pICorProfilerInfoUnk)
{
    if (DisabledByEnvironment())
    {
        LogLine("disabled by DOTNET_TELEMETRY_ENABLED / OTEL_SDK_DISABLED");
        return E_FAIL;
    }
    try
    {
        return Start(pICorProfilerInfoUnk, LoadMode::Startup);
    }
    catch (...)
    {
        return E_FAIL; // the runtime unloads a profiler that fails to initialise; the app runs on
    }
}

HRESULT Profiler::InitializeForAttach(IUnknown* pCorProfilerInfoUnk, void* pvClientData, UINT cbClientData)
{
    try
    {
        if (pvClientData != nullptr && cbClientData > 0 && cbClientData <= 64 * 1024)
        {
            const auto* bytes = static_cast<const uint8_t*>(pvClientData);
            clientData_.assign(bytes, bytes + cbClientData);
        }
        return Start(pCorProfilerInfoUnk, LoadMode::Attach);
    }
    catch (...)
    {
        return E_FAIL;
    }
}

HRESULT Profiler::ProfilerAttachComplete()
{
    try
    {
        RefreshModules();
    }
    catch (...)
    {
        // modules are looked up again on demand
    }
    return S_OK;
}

HRESULT Profiler::ProfilerDetachSucceeded()
{
    mode_.store(LoadMode::NotLoaded);
    return S_OK;
}

HRESULT Profiler::Shutdown()
{
    // From here on the runtime is going away: the C API answers "not attached".
    mode_.store(LoadMode::NotLoaded);
    return S_OK;
}

void Profiler::RefreshModules()
{
    if (info_ == nullptr)
    {
        return;
    }
    ComPtr<ICorProfilerModuleEnum> modules;
    if (Failed(info_->EnumModules(modules.Out())) || !modules)
    {
        return;
    }
    ModuleID batch[64];
    ULONG fetched = 0;
    while (modules->Next(64, batch, &fetched) == S_OK || fetched > 0)
    {
        for (ULONG i = 0; i < fetched; i++)
        {
            RecordModule(batch[i]);
        }
        if (fetched < 64)
        {
            break;
        }
        fetched = 0;
    }
}

void Profiler::RecordModule(ModuleID moduleId)
{
    ModuleRecord record;
    record.id = moduleId;
    std::vector<WCHAR> path(1024);
    ULONG length = 0;
    AssemblyID assemblyId = 0;
    DWORD flags = 0;
    LPCBYTE baseAddress = nullptr;
    HRESULT hr = info_->GetModuleInfo2(moduleId, &baseAddress, static_cast<ULONG>(path.size()), &length, path.data(), &assemblyId, &flags);
    if (Succeeded(hr) && length > path.size())
    {
        path.resize(length);
        hr = info_->GetModuleInfo2(moduleId, &baseAddress, static_cast<ULONG>(path.size()), &length, path.data(), &assemblyId, &flags);
    }
    if (Failed(hr))
    {
        return;
    }
    // Lengths include the terminating NUL.
    record.path.assign(path.data(), length > 0 ? length - 1 : 0);

    std::vector<WCHAR> name(512);
    ULONG nameLength = 0;
    AppDomainID appDomain = 0;
    ModuleID manifestModule = 0;
    if (Succeeded(info_->GetAssemblyInfo(assemblyId, static_cast<ULONG>(name.size()), &nameLength, name.data(), &appDomain, &manifestModule)) &&
        nameLength <= name.size())
    {
        record.assemblyName.assign(name.data(), nameLength > 0 ? nameLength - 1 : 0);
    }
    modules_.Add(record);
    LogLine("module %#lx %s", static_cast<unsigned long>(moduleId), Narrow(record.path).c_str());
}

HRESULT Profiler::ModuleLoadFinished(ModuleID moduleId, HRESULT hrStatus)
{
    try
    {
        if (Succeeded(hrStatus) && info_ != nullptr)
        {
            RecordModule(moduleId);
        }
    }
    catch (...)
    {
        // out of memory: the module stays untracked (it can be found later through EnumModules)
    }
    return S_OK;
}

HRESULT Profiler::ModuleUnloadStarted(ModuleID moduleId)
{
    try
    {
        modules_.Remove(moduleId);
        bodies_.RemoveModule(moduleId);
    }
    catch (...)
    {
    }
    return S_OK;
}

HRESULT Profiler::GetReJITParameters(ModuleID moduleId, mdMethodDef methodId, ICorProfilerFunctionControl* pFunctionControl)
{
    try
    {
        return DeliverBody(moduleId, methodId, pFunctionControl);
    }
    catch (...)
    {
        return S_OK; // the original IL is kept
    }
}

HRESULT Profiler::DeliverBody(ModuleID moduleId, mdMethodDef methodId, ICorProfilerFunctionControl* pFunctionControl)
{
    std::vector<uint8_t> body;
    if (pFunctionControl == nullptr || !bodies_.Get(moduleId, methodId, body) || body.empty())
    {
        // Nothing stored (for example a request the agent withdrew): the runtime keeps the original IL.
        LogLine("GetReJITParameters: no body for %#lx/%#x, original IL kept", static_cast<unsigned long>(moduleId), methodId);
        return S_OK;
    }
    // The function control copies the body, so our buffer may go away after the call.
    HRESULT hr = pFunctionControl->SetILFunctionBody(static_cast<ULONG>(body.size()), body.data());
    if (Succeeded(hr))
    {
        DeliverOffsetMap(moduleId, methodId, pFunctionControl);
    }
    bodies_.SetStatus(moduleId, methodId, Succeeded(hr) ? ReJitState::BodyDelivered : ReJitState::Failed, hr);
    LogLine("GetReJITParameters %#lx/%#x: %zu bytes, hr=0x%08x", static_cast<unsigned long>(moduleId), methodId, body.size(),
            static_cast<unsigned>(hr));
    return hr;
}

// Without the map, a frame of the woven code is looked up in the original's sequence points at its new IL offset:
// stack traces and exception events would name the wrong line. A failure here keeps the woven body (lines may drift).
void Profiler::DeliverOffsetMap(ModuleID moduleId, mdMethodDef methodId, ICorProfilerFunctionControl* pFunctionControl)
{
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    if (!bodies_.GetOffsetMap(moduleId, methodId, pairs) || pairs.empty())
    {
        return;
    }
    std::vector<COR_IL_MAP> map(pairs.size());
    for (size_t i = 0; i < pairs.size(); i++)
    {
        map[i] = COR_IL_MAP{pairs[i].first, pairs[i].second, 1};
    }
    HRESULT hr = pFunctionControl->SetILInstrumentedCodeMap(static_cast<ULONG>(map.size()), map.data());
    if (Failed(hr))
    {
        LogLine("SetILInstrumentedCodeMap %#lx/%#x: 0x%08x", static_cast<unsigned long>(moduleId), methodId, static_cast<unsigned>(hr));
    }
}

HRESULT Profiler::ReJITError(ModuleID moduleId, mdMethodDef methodId, FunctionID, HRESULT hrStatus)
{
    try
    {
        bodies_.SetStatus(moduleId, methodId, ReJitState::Failed, hrStatus);
    }
    catch (...)
    {
    }
    LogLine("ReJITError %#lx/%#x: 0x%08x", static_cast<unsigned long>(moduleId), methodId, static_cast<unsigned>(hrStatus));
    return S_OK;
}

HRESULT Profiler::OpenMetadata(ModuleID moduleId, REFIID riid, IUnknown** out)
{
    if (info_ == nullptr)
    {
        return CORPROF_E_PROFILER_NOT_ATTACHED_SHIM;
    }
    return info_->GetModuleMetaData(moduleId, ofRead | ofWrite, riid, out);
}

HRESULT Profiler::RunOnWorker(std::function<HRESULT()> job, int32_t timeoutMs)
{
    if (worker_ == nullptr)
    {
        return CORPROF_E_PROFILER_NOT_ATTACHED_SHIM;
    }
    return worker_->Run(std::move(job), std::chrono::milliseconds(timeoutMs));
}

HRESULT Profiler::ApplyMetaData(ModuleID moduleId)
{
    if (info7_ == nullptr)
    {
        return E_NOTIMPL;
    }
    return info7_->ApplyMetaData(moduleId);
}

HRESULT Profiler::FindReadyToRunInliners(ModuleID inlinersModule, ModuleID inlineeModule, const std::vector<mdMethodDef>& inlinees,
                                         std::vector<mdMethodDef>& inliners, bool& incomplete)
{
    incomplete = false;
    if (info7_ == nullptr) // ICorProfilerInfo6 and later: every runtime the agent supports has it
    {
        return E_NOTIMPL;
    }
    for (mdMethodDef inlinee : inlinees)
    {
        BOOL partial = 0;
        ComPtr<ICorProfilerMethodEnum> methods;
        HRESULT hr = info7_->EnumNgenModuleMethodsInliningThisMethod(inlinersModule, inlineeModule, inlinee, &partial, methods.Out());
        if (Failed(hr) || !methods)
        {
            continue; // not a ReadyToRun module, or nothing recorded for this method
        }
        incomplete = incomplete || partial != 0;
        COR_PRF_METHOD batch[32];
        ULONG fetched = 0;
        while (Succeeded(methods->Next(32, batch, &fetched)) && fetched > 0)
        {
            for (ULONG i = 0; i < fetched; i++)
            {
                if (batch[i].moduleId == inlinersModule)
                {
                    inliners.push_back(batch[i].methodId);
                }
            }
            fetched = 0;
        }
    }
    std::sort(inliners.begin(), inliners.end());
    inliners.erase(std::unique(inliners.begin(), inliners.end()), inliners.end());
    return S_OK;
}

HRESULT Profiler::RequestReJit(std::vector<ModuleID> modules, std::vector<mdMethodDef> methods, int32_t timeoutMs)
{
    if (info_ == nullptr || worker_ == nullptr)
    {
        return CORPROF_E_PROFILER_NOT_ATTACHED_SHIM;
    }
    for (size_t i = 0; i < modules.size(); i++)
    {
        bodies_.SetStatus(modules[i], methods[i], ReJitState::Requested);
    }
    ICorProfilerInfo4* info = info_;
    // After an attach the JIT may already have inlined a woven method into callers that are not woven: the
    // runtime knows those inliners and re-JITs them too, so they call the woven method, and blocking inlining
    // keeps it that way. At start-up modules are woven as they load, before their code runs, and ReadyToRun
    // inliners are found by the agent; there the plain request is kept (with inliners, a ReadyToRun method
    // inlined into a ReadyToRun caller was seen never to run its woven body).
    ICorProfilerInfo10* withInliners = mode_.load() == LoadMode::Attach ? info10_ : nullptr;
    // The job owns copies of the arrays: after a timeout it may still run when the caller is gone.
    auto shared = std::make_shared<std::pair<std::vector<ModuleID>, std::vector<mdMethodDef>>>(modules, methods);
    HRESULT hr = worker_->Run(
        [info, withInliners, shared] {
            ULONG count = static_cast<ULONG>(shared->first.size());
            if (withInliners != nullptr)
            {
                return withInliners->RequestReJITWithInliners(COR_PRF_REJIT_BLOCK_INLINING, count, shared->first.data(), shared->second.data());
            }
            return info->RequestReJIT(count, shared->first.data(), shared->second.data());
        },
        std::chrono::milliseconds(timeoutMs));
    if (Failed(hr))
    {
        for (size_t i = 0; i < modules.size(); i++)
        {
            bodies_.SetStatus(modules[i], methods[i], ReJitState::Failed, hr);
        }
    }
    LogLine("RequestReJIT of %zu methods: 0x%08x", modules.size(), static_cast<unsigned>(hr));
    return hr;
}

HRESULT Profiler::RequestRevert(std::vector<ModuleID> modules, std::vector<mdMethodDef> methods, std::vector<HRESULT>& statuses,
                                int32_t timeoutMs)
{
    if (info_ == nullptr || worker_ == nullptr)
    {
        return CORPROF_E_PROFILER_NOT_ATTACHED_SHIM;
    }
    ICorProfilerInfo4* info = info_;
    struct Request
    {
        std::vector<ModuleID> modules;
        std::vector<mdMethodDef> methods;
        std::vector<HRESULT> statuses;
    };
    auto request = std::make_shared<Request>(Request{modules, methods, std::vector<HRESULT>(modules.size(), S_OK)});
    HRESULT hr = worker_->Run(
        [info, request] {
            return info->RequestRevert(static_cast<ULONG>(request->modules.size()), request->modules.data(),
                                       request->methods.data(), request->statuses.data());
        },
        std::chrono::milliseconds(timeoutMs));
    if (hr != HRESULT_TIMEOUT)
    {
        statuses = request->statuses;
        for (size_t i = 0; i < modules.size(); i++)
        {
            if (Succeeded(statuses[i]))
            {
                bodies_.Remove(modules[i], methods[i]);
                bodies_.SetStatus(modules[i], methods[i], ReJitState::Reverted);
            }
        }
    }
    LogLine("RequestRevert of %zu methods: 0x%08x", modules.size(), static_cast<unsigned>(hr));
    return hr;
}

} // namespace dt
