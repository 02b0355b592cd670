// The CLR profiler: ICorProfilerCallback through ICorProfilerCallback4. It tracks modules, hands
// the runtime the IL bodies the managed agent stored (GetReJITParameters) and records ReJIT
// outcomes. It decides nothing about instrumentation: that is the managed weaver's job.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "il_body_store.h"
#include "interfaces/cor_profiler.h"
#include "interfaces/metadata.h"
#include "module_table.h"
#include "native_worker.h"

namespace dt {

// {70BAAC33-8E8A-4A74-B541-49CC4129C97A}: CORECLR_PROFILER of dotnet-telemetry.
constexpr CLSID CLSID_DotnetTelemetryProfiler = {0x70BAAC33, 0x8E8A, 0x4A74, {0xB5, 0x41, 0x49, 0xCC, 0x41, 0x29, 0xC9, 0x7A}};

enum class LoadMode : int32_t
{
    NotLoaded = 0,
    Startup = 1,  // CORECLR_ENABLE_PROFILING at process start
    Attach = 2,   // AttachProfiler on a running process
};

class Profiler final : public ICorProfilerCallback4
{
public:
    // The profiler the runtime initialised in this process, or nullptr.
    static Profiler* Active();

    // IUnknown
    HRESULT QueryInterface(REFIID riid, void** ppvObject) override;
    ULONG AddRef() override;
    ULONG Release() override;

    // What the shim does something with.
    HRESULT Initialize(IUnknown* pICorProfilerInfoUnk) override;
    HRESULT InitializeForAttach(IUnknown* pCorProfilerInfoUnk, void* pvClientData, UINT cbClientData) override;
    HRESULT ProfilerAttachComplete() override;
    HRESULT ProfilerDetachSucceeded() override;
    HRESULT Shutdown() override;
    HRESULT ModuleLoadFinished(ModuleID moduleId, HRESULT hrStatus) override;
    HRESULT ModuleUnloadStarted(ModuleID moduleId) override;
    HRESULT GetReJITParameters(ModuleID moduleId, mdMethodDef methodId, ICorProfilerFunctionControl* pFunctionControl) override;
    HRESULT ReJITError(ModuleID moduleId, mdMethodDef methodId, FunctionID functionId, HRESULT hrStatus) override;

    // Everything else: nothing to do.
    HRESULT AppDomainCreationStarted(AppDomainID) override { return S_OK; }
    HRESULT AppDomainCreationFinished(AppDomainID, HRESULT) override { return S_OK; }
    HRESULT AppDomainShutdownStarted(AppDomainID) override { return S_OK; }
    HRESULT AppDomainShutdownFinished(AppDomainID, HRESULT) override { return S_OK; }
    HRESULT AssemblyLoadStarted(AssemblyID) override { return S_OK; }
    HRESULT AssemblyLoadFinished(AssemblyID, HRESULT) override { return S_OK; }
    HRESULT AssemblyUnloadStarted(AssemblyID) override { return S_OK; }
    HRESULT AssemblyUnloadFinished(AssemblyID, HRESULT) override { return S_OK; }
    HRESULT ModuleLoadStarted(ModuleID) override { return S_OK; }
    HRESULT ModuleUnloadFinished(ModuleID, HRESULT) override { return S_OK; }
    HRESULT ModuleAttachedToAssembly(ModuleID, AssemblyID) override { return S_OK; }
    HRESULT ClassLoadStarted(ClassID) override { return S_OK; }
    HRESULT ClassLoadFinished(ClassID, HRESULT) override { return S_OK; }
    HRESULT ClassUnloadStarted(ClassID) override { return S_OK; }
    HRESULT ClassUnloadFinished(ClassID, HRESULT) override { return S_OK; }
    HRESULT FunctionUnloadStarted(FunctionID) override { return S_OK; }
    HRESULT JITCompilationStarted(FunctionID, BOOL) override { return S_OK; }
    HRESULT JITCompilationFinished(FunctionID, HRESULT, BOOL) override { return S_OK; }
    HRESULT JITCachedFunctionSearchStarted(FunctionID, BOOL*) override { return S_OK; }
    HRESULT JITCachedFunctionSearchFinished(FunctionID, COR_PRF_JIT_CACHE) override { return S_OK; }
    HRESULT JITFunctionPitched(FunctionID) override { return S_OK; }
    HRESULT JITInlining(FunctionID, FunctionID, BOOL*) override { return S_OK; }
    HRESULT ThreadCreated(ThreadID) override { return S_OK; }
    HRESULT ThreadDestroyed(ThreadID) override { return S_OK; }
    HRESULT ThreadAssignedToOSThread(ThreadID, DWORD) override { return S_OK; }
    HRESULT RemotingClientInvocationStarted() override { return S_OK; }
    HRESULT RemotingClientSendingMessage(GUID*, BOOL) override { return S_OK; }
    HRESULT RemotingClientReceivingReply(GUID*, BOOL) override { return S_OK; }
    HRESULT RemotingClientInvocationFinished() override { return S_OK; }
    HRESULT RemotingServerReceivingMessage(GUID*, BOOL) override { return S_OK; }
    HRESULT RemotingServerInvocationStarted() override { return S_OK; }
    HRESULT RemotingServerInvocationReturned() override { return S_OK; }
    HRESULT RemotingServerSendingReply(GUID*, BOOL) override { return S_OK; }
    HRESULT UnmanagedToManagedTransition(FunctionID, COR_PRF_TRANSITION_REASON) override { return S_OK; }
    HRESULT ManagedToUnmanagedTransition(FunctionID, COR_PRF_TRANSITION_REASON) override { return S_OK; }
    HRESULT RuntimeSuspendStarted(COR_PRF_SUSPEND_REASON) override { return S_OK; }
    HRESULT RuntimeSuspendFinished() override { return S_OK; }
    HRESULT RuntimeSuspendAborted() override { return S_OK; }
    HRESULT RuntimeResumeStarted() override { return S_OK; }
    HRESULT RuntimeResumeFinished() override { return S_OK; }
    HRESULT RuntimeThreadSuspended(ThreadID) override { return S_OK; }
    HRESULT RuntimeThreadResumed(ThreadID) override { return S_OK; }
    HRESULT MovedReferences(ULONG, ObjectID[], ObjectID[], ULONG[]) override { return S_OK; }
    HRESULT ObjectAllocated(ObjectID, ClassID) override { return S_OK; }
    HRESULT ObjectsAllocatedByClass(ULONG, ClassID[], ULONG[]) override { return S_OK; }
    HRESULT ObjectReferences(ObjectID, ClassID, ULONG, ObjectID[]) override { return S_OK; }
    HRESULT RootReferences(ULONG, ObjectID[]) override { return S_OK; }
    HRESULT ExceptionThrown(ObjectID) override { return S_OK; }
    HRESULT ExceptionSearchFunctionEnter(FunctionID) override { return S_OK; }
    HRESULT ExceptionSearchFunctionLeave() override { return S_OK; }
    HRESULT ExceptionSearchFilterEnter(FunctionID) override { return S_OK; }
    HRESULT ExceptionSearchFilterLeave() override { return S_OK; }
    HRESULT ExceptionSearchCatcherFound(FunctionID) override { return S_OK; }
    HRESULT ExceptionOSHandlerEnter(UINT_PTR) override { return S_OK; }
    HRESULT ExceptionOSHandlerLeave(UINT_PTR) override { return S_OK; }
    HRESULT ExceptionUnwindFunctionEnter(FunctionID) override { return S_OK; }
    HRESULT ExceptionUnwindFunctionLeave() override { return S_OK; }
    HRESULT ExceptionUnwindFinallyEnter(FunctionID) override { return S_OK; }
    HRESULT ExceptionUnwindFinallyLeave() override { return S_OK; }
    HRESULT ExceptionCatcherEnter(FunctionID, ObjectID) override { return S_OK; }
    HRESULT ExceptionCatcherLeave() override { return S_OK; }
    HRESULT COMClassicVTableCreated(ClassID, REFGUID, void*, ULONG) override { return S_OK; }
    HRESULT COMClassicVTableDestroyed(ClassID, REFGUID, void*) override { return S_OK; }
    HRESULT ExceptionCLRCatcherFound() override { return S_OK; }
    HRESULT ExceptionCLRCatcherExecute() override { return S_OK; }
    HRESULT ThreadNameChanged(ThreadID, ULONG, WCHAR[]) override { return S_OK; }
    HRESULT GarbageCollectionStarted(int, BOOL[], COR_PRF_GC_REASON) override { return S_OK; }
    HRESULT SurvivingReferences(ULONG, ObjectID[], ULONG[]) override { return S_OK; }
    HRESULT GarbageCollectionFinished() override { return S_OK; }
    HRESULT FinalizeableObjectQueued(DWORD, ObjectID) override { return S_OK; }
    HRESULT RootReferences2(ULONG, ObjectID[], COR_PRF_GC_ROOT_KIND[], COR_PRF_GC_ROOT_FLAGS[], UINT_PTR[]) override { return S_OK; }
    HRESULT HandleCreated(GCHandleID, ObjectID) override { return S_OK; }
    HRESULT HandleDestroyed(GCHandleID) override { return S_OK; }
    HRESULT ReJITCompilationStarted(FunctionID, ReJITID, BOOL) override { return S_OK; }
    HRESULT ReJITCompilationFinished(FunctionID, ReJITID, HRESULT, BOOL) override { return S_OK; }
    HRESULT MovedReferences2(ULONG, ObjectID[], ObjectID[], SIZE_T[]) override { return S_OK; }
    HRESULT SurvivingReferences2(ULONG, ObjectID[], SIZE_T[]) override { return S_OK; }

    // Used by the C API (shim_exports.cpp).
    LoadMode Mode() const { return mode_.load(); }
    const std::vector<uint8_t>& ClientData() const { return clientData_; }
    ModuleTable& Modules() { return modules_; }
    IlBodyStore& Bodies() { return bodies_; }
    // Opens the module's metadata for writing (IMetaDataEmit2 / IMetaDataAssemblyEmit / ...Import).
    HRESULT OpenMetadata(ModuleID moduleId, REFIID riid, IUnknown** out);
    HRESULT ApplyMetaData(ModuleID moduleId);
    HRESULT RequestReJit(std::vector<ModuleID> modules, std::vector<mdMethodDef> methods, int32_t timeoutMs);
    HRESULT RequestRevert(std::vector<ModuleID> modules, std::vector<mdMethodDef> methods, std::vector<HRESULT>& statuses,
                          int32_t timeoutMs);
    // Runs `job` on the shim's native thread. The runtime refuses its "synchronous" profiling calls
    // (GetModuleMetaData, RequestReJIT, ...) on managed threads outside a callback, so the C API
    // runs them there. The job must own (copy) everything it uses: after a timeout it may still run.
    HRESULT RunOnWorker(std::function<HRESULT()> job, int32_t timeoutMs);
    // Methods of `inlinersModule` whose ReadyToRun code inlined one of `inlinees` (methods of
    // `inlineeModule`): they must be re-JIT'ed too, or the inlined copy keeps running un-woven.
    // Sets `incomplete` when the runtime says the answer may miss some. Call on the worker thread.
    HRESULT FindReadyToRunInliners(ModuleID inlinersModule, ModuleID inlineeModule, const std::vector<mdMethodDef>& inlinees,
                                   std::vector<mdMethodDef>& inliners, bool& incomplete);
    // Adds the modules loaded before an attach (ModuleLoadFinished only reports later ones).
    void RefreshModules();

private:
    HRESULT Start(IUnknown* infoUnknown, LoadMode mode);
    void RecordModule(ModuleID moduleId);
    HRESULT DeliverBody(ModuleID moduleId, mdMethodDef methodId, ICorProfilerFunctionControl* pFunctionControl);
    void DeliverOffsetMap(ModuleID moduleId, mdMethodDef methodId, ICorProfilerFunctionControl* pFunctionControl);

    std::atomic<ULONG> refCount_{1};
    std::atomic<LoadMode> mode_{LoadMode::NotLoaded};
    ICorProfilerInfo4* info_ = nullptr;
    ICorProfilerInfo7* info7_ = nullptr; // ApplyMetaData; null on runtimes without it
    ICorProfilerInfo10* info10_ = nullptr; // RequestReJITWithInliners; null on runtimes without it
    std::vector<uint8_t> clientData_;
    ModuleTable modules_;
    IlBodyStore bodies_;
    // Heap-allocated and never freed: the runtime may still be inside a ReJIT request on it when
    // the process exits, and joining it then could hang the exit.
    NativeWorker* worker_ = nullptr;
};

} // namespace dt
