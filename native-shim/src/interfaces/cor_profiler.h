// The CLR profiling interfaces the shim implements or calls, declared from the public profiling
// API documentation (corprof.idl as documented on learn.microsoft.com). Every method of each
// interface is declared in documented order, used or not, because the vtable layout is the ABI.
#pragma once

#include "com_types.h"

namespace dt {

using ModuleID = UINT_PTR;
using AssemblyID = UINT_PTR;
using AppDomainID = UINT_PTR;
using ClassID = UINT_PTR;
using FunctionID = UINT_PTR;
using ObjectID = UINT_PTR;
using ThreadID = UINT_PTR;
using ContextID = UINT_PTR;
using ProcessID = UINT_PTR;
using GCHandleID = UINT_PTR;
using ReJITID = UINT_PTR;
using mdToken = uint32_t;
using mdTypeDef = mdToken;
using mdMethodDef = mdToken;
using mdFieldDef = mdToken;
using PCCOR_SIGNATURE = const BYTE*;
using CorElementType = uint32_t;

// One entry of a ReJIT'ed body's offset map: an original IL offset and where that code now starts.
struct COR_IL_MAP
{
    ULONG32 oldOffset;
    ULONG32 newOffset;
    BOOL fAccurate;
};

// Types only passed through unused methods: declared opaque.
struct COR_DEBUG_IL_TO_NATIVE_MAP;
struct COR_FIELD_OFFSET;
struct COR_PRF_CODE_INFO;
struct COR_PRF_FRAME_INFO_INTERNAL;
struct COR_PRF_EX_CLAUSE_INFO;
struct COR_PRF_GC_GENERATION_RANGE;
struct COR_PRF_FUNCTION_ARGUMENT_INFO;
struct COR_PRF_FUNCTION_ARGUMENT_RANGE;
struct COR_PRF_ELT_INFO_INTERNAL;
using COR_PRF_FRAME_INFO = UINT_PTR;
using COR_PRF_ELT_INFO = UINT_PTR;
using COR_PRF_JIT_CACHE = uint32_t;
using COR_PRF_TRANSITION_REASON = uint32_t;
using COR_PRF_SUSPEND_REASON = uint32_t;
using COR_PRF_GC_REASON = uint32_t;
using COR_PRF_GC_ROOT_KIND = uint32_t;
using COR_PRF_GC_ROOT_FLAGS = uint32_t;
using COR_PRF_STATIC_TYPE = uint32_t;
using COR_PRF_GC_GENERATION = uint32_t;
using COR_PRF_RUNTIME_TYPE = uint32_t;
using COR_PRF_SNAPSHOT_INFO = uint32_t;

// COR_PRF_MONITOR (event mask, low word).
constexpr DWORD COR_PRF_MONITOR_MODULE_LOADS = 0x00000004;
constexpr DWORD COR_PRF_ENABLE_REJIT = 0x00040000;
constexpr DWORD COR_PRF_DISABLE_ALL_NGEN_IMAGES = 0x80000000;

class ICorProfilerFunctionEnum;
class ICorProfilerModuleEnum;
class ICorProfilerThreadEnum;
class ICorProfilerMethodEnum;
class IMethodMalloc;

// ICorProfilerFunctionControl {F0963021-E1EA-4732-8581-E01B0BD3C0C6}
class ICorProfilerFunctionControl : public IUnknown
{
public:
    virtual HRESULT SetCodegenFlags(DWORD flags) = 0;
    virtual HRESULT SetILFunctionBody(ULONG cbNewILMethodHeader, LPCBYTE pbNewILMethodHeader) = 0;
    virtual HRESULT SetILInstrumentedCodeMap(ULONG cILMapEntries, COR_IL_MAP rgILMapEntries[]) = 0;
};

// ICorProfilerModuleEnum {B0266D75-2081-4493-AF7F-028BA34DB891}
class ICorProfilerModuleEnum : public IUnknown
{
public:
    virtual HRESULT Skip(ULONG celt) = 0;
    virtual HRESULT Reset() = 0;
    virtual HRESULT Clone(ICorProfilerModuleEnum** ppEnum) = 0;
    virtual HRESULT GetCount(ULONG* pcelt) = 0;
    virtual HRESULT Next(ULONG celt, ModuleID ids[], ULONG* pceltFetched) = 0;
};

// COR_PRF_METHOD: one method of an enumeration.
struct COR_PRF_METHOD
{
    ModuleID moduleId;
    mdMethodDef methodId;
};

// ICorProfilerMethodEnum {FCCEE788-0088-454B-A811-C99F298D1942}
class ICorProfilerMethodEnum : public IUnknown
{
public:
    virtual HRESULT Skip(ULONG celt) = 0;
    virtual HRESULT Reset() = 0;
    virtual HRESULT Clone(ICorProfilerMethodEnum** ppEnum) = 0;
    virtual HRESULT GetCount(ULONG* pcelt) = 0;
    virtual HRESULT Next(ULONG celt, COR_PRF_METHOD elements[], ULONG* pceltFetched) = 0;
};

// ICorProfilerCallback {176FBED1-A55C-4796-98CA-A9DA0EF883E7}
class ICorProfilerCallback : public IUnknown
{
public:
    virtual HRESULT Initialize(IUnknown* pICorProfilerInfoUnk) = 0;
    virtual HRESULT Shutdown() = 0;
    virtual HRESULT AppDomainCreationStarted(AppDomainID appDomainId) = 0;
    virtual HRESULT AppDomainCreationFinished(AppDomainID appDomainId, HRESULT hrStatus) = 0;
    virtual HRESULT AppDomainShutdownStarted(AppDomainID appDomainId) = 0;
    virtual HRESULT AppDomainShutdownFinished(AppDomainID appDomainId, HRESULT hrStatus) = 0;
    virtual HRESULT AssemblyLoadStarted(AssemblyID assemblyId) = 0;
    virtual HRESULT AssemblyLoadFinished(AssemblyID assemblyId, HRESULT hrStatus) = 0;
    virtual HRESULT AssemblyUnloadStarted(AssemblyID assemblyId) = 0;
    virtual HRESULT AssemblyUnloadFinished(AssemblyID assemblyId, HRESULT hrStatus) = 0;
    virtual HRESULT ModuleLoadStarted(ModuleID moduleId) = 0;
    virtual HRESULT ModuleLoadFinished(ModuleID moduleId, HRESULT hrStatus) = 0;
    virtual HRESULT ModuleUnloadStarted(ModuleID moduleId) = 0;
    virtual HRESULT ModuleUnloadFinished(ModuleID moduleId, HRESULT hrStatus) = 0;
    virtual HRESULT ModuleAttachedToAssembly(ModuleID moduleId, AssemblyID assemblyId) = 0;
    virtual HRESULT ClassLoadStarted(ClassID classId) = 0;
    virtual HRESULT ClassLoadFinished(ClassID classId, HRESULT hrStatus) = 0;
    virtual HRESULT ClassUnloadStarted(ClassID classId) = 0;
    virtual HRESULT ClassUnloadFinished(ClassID classId, HRESULT hrStatus) = 0;
    virtual HRESULT FunctionUnloadStarted(FunctionID functionId) = 0;
    virtual HRESULT JITCompilationStarted(FunctionID functionId, BOOL fIsSafeToBlock) = 0;
    virtual HRESULT JITCompilationFinished(FunctionID functionId, HRESULT hrStatus, BOOL fIsSafeToBlock) = 0;
    virtual HRESULT JITCachedFunctionSearchStarted(FunctionID functionId, BOOL* pbUseCachedFunction) = 0;
    virtual HRESULT JITCachedFunctionSearchFinished(FunctionID functionId, COR_PRF_JIT_CACHE result) = 0;
    virtual HRESULT JITFunctionPitched(FunctionID functionId) = 0;
    virtual HRESULT JITInlining(FunctionID callerId, FunctionID calleeId, BOOL* pfShouldInline) = 0;
    virtual HRESULT ThreadCreated(ThreadID threadId) = 0;
    virtual HRESULT ThreadDestroyed(ThreadID threadId) = 0;
    virtual HRESULT ThreadAssignedToOSThread(ThreadID managedThreadId, DWORD osThreadId) = 0;
    virtual HRESULT RemotingClientInvocationStarted() = 0;
    virtual HRESULT RemotingClientSendingMessage(GUID* pCookie, BOOL fIsAsync) = 0;
    virtual HRESULT RemotingClientReceivingReply(GUID* pCookie, BOOL fIsAsync) = 0;
    virtual HRESULT RemotingClientInvocationFinished() = 0;
    virtual HRESULT RemotingServerReceivingMessage(GUID* pCookie, BOOL fIsAsync) = 0;
    virtual HRESULT RemotingServerInvocationStarted() = 0;
    virtual HRESULT RemotingServerInvocationReturned() = 0;
    virtual HRESULT RemotingServerSendingReply(GUID* pCookie, BOOL fIsAsync) = 0;
    virtual HRESULT UnmanagedToManagedTransition(FunctionID functionId, COR_PRF_TRANSITION_REASON reason) = 0;
    virtual HRESULT ManagedToUnmanagedTransition(FunctionID functionId, COR_PRF_TRANSITION_REASON reason) = 0;
    virtual HRESULT RuntimeSuspendStarted(COR_PRF_SUSPEND_REASON suspendReason) = 0;
    virtual HRESULT RuntimeSuspendFinished() = 0;
    virtual HRESULT RuntimeSuspendAborted() = 0;
    virtual HRESULT RuntimeResumeStarted() = 0;
    virtual HRESULT RuntimeResumeFinished() = 0;
    virtual HRESULT RuntimeThreadSuspended(ThreadID threadId) = 0;
    virtual HRESULT RuntimeThreadResumed(ThreadID threadId) = 0;
    virtual HRESULT MovedReferences(ULONG cMovedObjectIDRanges, ObjectID oldObjectIDRangeStart[],
                                    ObjectID newObjectIDRangeStart[], ULONG cObjectIDRangeLength[]) = 0;
    virtual HRESULT ObjectAllocated(ObjectID objectId, ClassID classId) = 0;
    virtual HRESULT ObjectsAllocatedByClass(ULONG cClassCount, ClassID classIds[], ULONG cObjects[]) = 0;
    virtual HRESULT ObjectReferences(ObjectID objectId, ClassID classId, ULONG cObjectRefs, ObjectID objectRefIds[]) = 0;
    virtual HRESULT RootReferences(ULONG cRootRefs, ObjectID rootRefIds[]) = 0;
    virtual HRESULT ExceptionThrown(ObjectID thrownObjectId) = 0;
    virtual HRESULT ExceptionSearchFunctionEnter(FunctionID functionId) = 0;
    virtual HRESULT ExceptionSearchFunctionLeave() = 0;
    virtual HRESULT ExceptionSearchFilterEnter(FunctionID functionId) = 0;
    virtual HRESULT ExceptionSearchFilterLeave() = 0;
    virtual HRESULT ExceptionSearchCatcherFound(FunctionID functionId) = 0;
    virtual HRESULT ExceptionOSHandlerEnter(UINT_PTR unused) = 0;
    virtual HRESULT ExceptionOSHandlerLeave(UINT_PTR unused) = 0;
    virtual HRESULT ExceptionUnwindFunctionEnter(FunctionID functionId) = 0;
    virtual HRESULT ExceptionUnwindFunctionLeave() = 0;
    virtual HRESULT ExceptionUnwindFinallyEnter(FunctionID functionId) = 0;
    virtual HRESULT ExceptionUnwindFinallyLeave() = 0;
    virtual HRESULT ExceptionCatcherEnter(FunctionID functionId, ObjectID objectId) = 0;
    virtual HRESULT ExceptionCatcherLeave() = 0;
    virtual HRESULT COMClassicVTableCreated(ClassID wrappedClassId, REFGUID implementedIID, void* pVTable, ULONG cSlots) = 0;
    virtual HRESULT COMClassicVTableDestroyed(ClassID wrappedClassId, REFGUID implementedIID, void* pVTable) = 0;
    virtual HRESULT ExceptionCLRCatcherFound() = 0;
    virtual HRESULT ExceptionCLRCatcherExecute() = 0;
};

// ICorProfilerCallback2 {8A8CC829-CCF2-49FE-BBAE-0F022228071A}
class ICorProfilerCallback2 : public ICorProfilerCallback
{
public:
    virtual HRESULT ThreadNameChanged(ThreadID threadId, ULONG cchName, WCHAR name[]) = 0;
    virtual HRESULT GarbageCollectionStarted(int cGenerations, BOOL generationCollected[], COR_PRF_GC_REASON reason) = 0;
    virtual HRESULT SurvivingReferences(ULONG cSurvivingObjectIDRanges, ObjectID objectIDRangeStart[],
                                        ULONG cObjectIDRangeLength[]) = 0;
    virtual HRESULT GarbageCollectionFinished() = 0;
    virtual HRESULT FinalizeableObjectQueued(DWORD finalizerFlags, ObjectID objectID) = 0;
    virtual HRESULT RootReferences2(ULONG cRootRefs, ObjectID rootRefIds[], COR_PRF_GC_ROOT_KIND rootKinds[],
                                    COR_PRF_GC_ROOT_FLAGS rootFlags[], UINT_PTR rootIds[]) = 0;
    virtual HRESULT HandleCreated(GCHandleID handleId, ObjectID initialObjectId) = 0;
    virtual HRESULT HandleDestroyed(GCHandleID handleId) = 0;
};

// ICorProfilerCallback3 {4FD2ED52-7731-4B8D-9469-03D2CC3086C5}: makes the profiler attachable.
class ICorProfilerCallback3 : public ICorProfilerCallback2
{
public:
    virtual HRESULT InitializeForAttach(IUnknown* pCorProfilerInfoUnk, void* pvClientData, UINT cbClientData) = 0;
    virtual HRESULT ProfilerAttachComplete() = 0;
    virtual HRESULT ProfilerDetachSucceeded() = 0;
};

// ICorProfilerCallback4 {7B63B2E3-107D-4D48-B2F6-F61E229470D2}: ReJIT.
class ICorProfilerCallback4 : public ICorProfilerCallback3
{
public:
    virtual HRESULT ReJITCompilationStarted(FunctionID functionId, ReJITID rejitId, BOOL fIsSafeToBlock) = 0;
    virtual HRESULT GetReJITParameters(ModuleID moduleId, mdMethodDef methodId, ICorProfilerFunctionControl* pFunctionControl) = 0;
    virtual HRESULT ReJITCompilationFinished(FunctionID functionId, ReJITID rejitId, HRESULT hrStatus, BOOL fIsSafeToBlock) = 0;
    virtual HRESULT ReJITError(ModuleID moduleId, mdMethodDef methodId, FunctionID functionId, HRESULT hrStatus) = 0;
    virtual HRESULT MovedReferences2(ULONG cMovedObjectIDRanges, ObjectID oldObjectIDRangeStart[],
                                     ObjectID newObjectIDRangeStart[], SIZE_T cObjectIDRangeLength[]) = 0;
    virtual HRESULT SurvivingReferences2(ULONG cSurvivingObjectIDRanges, ObjectID objectIDRangeStart[],
                                         SIZE_T cObjectIDRangeLength[]) = 0;
};

// ICorProfilerInfo {28B5557D-3F3F-48B4-90B2-5F9EEA2F6C48}
class ICorProfilerInfo : public IUnknown
{
public:
    virtual HRESULT GetClassFromObject(ObjectID objectId, ClassID* pClassId) = 0;
    virtual HRESULT GetClassFromToken(ModuleID moduleId, mdTypeDef typeDef, ClassID* pClassId) = 0;
    virtual HRESULT GetCodeInfo(FunctionID functionId, LPCBYTE* pStart, ULONG* pcSize) = 0;
    virtual HRESULT GetEventMask(DWORD* pdwEvents) = 0;
    virtual HRESULT GetFunctionFromIP(LPCBYTE ip, FunctionID* pFunctionId) = 0;
    virtual HRESULT GetFunctionFromToken(ModuleID moduleId, mdToken token, FunctionID* pFunctionId) = 0;
    virtual HRESULT GetHandleFromThread(ThreadID threadId, HANDLE* phThread) = 0;
    virtual HRESULT GetObjectSize(ObjectID objectId, ULONG* pcSize) = 0;
    virtual HRESULT IsArrayClass(ClassID classId, CorElementType* pBaseElemType, ClassID* pBaseClassId, ULONG* pcRank) = 0;
    virtual HRESULT GetThreadInfo(ThreadID threadId, DWORD* pdwWin32ThreadId) = 0;
    virtual HRESULT GetCurrentThreadID(ThreadID* pThreadId) = 0;
    virtual HRESULT GetClassIDInfo(ClassID classId, ModuleID* pModuleId, mdTypeDef* pTypeDefToken) = 0;
    virtual HRESULT GetFunctionInfo(FunctionID functionId, ClassID* pClassId, ModuleID* pModuleId, mdToken* pToken) = 0;
    virtual HRESULT SetEventMask(DWORD dwEvents) = 0;
    virtual HRESULT SetEnterLeaveFunctionHooks(void* pFuncEnter, void* pFuncLeave, void* pFuncTailcall) = 0;
    virtual HRESULT SetFunctionIDMapper(void* pFunc) = 0;
    virtual HRESULT GetTokenAndMetaDataFromFunction(FunctionID functionId, REFIID riid, IUnknown** ppImport, mdToken* pToken) = 0;
    virtual HRESULT GetModuleInfo(ModuleID moduleId, LPCBYTE* ppBaseLoadAddress, ULONG cchName, ULONG* pcchName,
                                  WCHAR szName[], AssemblyID* pAssemblyId) = 0;
    virtual HRESULT GetModuleMetaData(ModuleID moduleId, DWORD dwOpenFlags, REFIID riid, IUnknown** ppOut) = 0;
    virtual HRESULT GetILFunctionBody(ModuleID moduleId, mdMethodDef methodId, LPCBYTE* ppMethodHeader, ULONG* pcbMethodSize) = 0;
    virtual HRESULT GetILFunctionBodyAllocator(ModuleID moduleId, IMethodMalloc** ppMalloc) = 0;
    virtual HRESULT SetILFunctionBody(ModuleID moduleId, mdMethodDef methodid, LPCBYTE pbNewILMethodHeader) = 0;
    virtual HRESULT GetAppDomainInfo(AppDomainID appDomainId, ULONG cchName, ULONG* pcchName, WCHAR szName[], ProcessID* pProcessId) = 0;
    virtual HRESULT GetAssemblyInfo(AssemblyID assemblyId, ULONG cchName, ULONG* pcchName, WCHAR szName[],
                                    AppDomainID* pAppDomainId, ModuleID* pModuleId) = 0;
    virtual HRESULT SetFunctionReJIT(FunctionID functionId) = 0;
    virtual HRESULT ForceGC() = 0;
    virtual HRESULT SetILInstrumentedCodeMap(FunctionID functionId, BOOL fStartJit, ULONG cILMapEntries, COR_IL_MAP rgILMapEntries[]) = 0;
    virtual HRESULT GetInprocInspectionInterface(IUnknown** ppicd) = 0;
    virtual HRESULT GetInprocInspectionIThisThread(IUnknown** ppicd) = 0;
    virtual HRESULT GetThreadContext(ThreadID threadId, ContextID* pContextId) = 0;
    virtual HRESULT BeginInprocDebugging(BOOL fThisThreadOnly, DWORD* pdwProfilerContext) = 0;
    virtual HRESULT EndInprocDebugging(DWORD dwProfilerContext) = 0;
    virtual HRESULT GetILToNativeMapping(FunctionID functionId, ULONG32 cMap, ULONG32* pcMap, COR_DEBUG_IL_TO_NATIVE_MAP map[]) = 0;
};

// ICorProfilerInfo2 {CC0935CD-A518-487D-B0BB-A93214E65478}
class ICorProfilerInfo2 : public ICorProfilerInfo
{
public:
    virtual HRESULT DoStackSnapshot(ThreadID thread, void* callback, ULONG32 infoFlags, void* clientData, BYTE context[], ULONG32 contextSize) = 0;
    virtual HRESULT SetEnterLeaveFunctionHooks2(void* pFuncEnter, void* pFuncLeave, void* pFuncTailcall) = 0;
    virtual HRESULT GetFunctionInfo2(FunctionID funcId, COR_PRF_FRAME_INFO frameInfo, ClassID* pClassId, ModuleID* pModuleId,
                                     mdToken* pToken, ULONG32 cTypeArgs, ULONG32* pcTypeArgs, ClassID typeArgs[]) = 0;
    virtual HRESULT GetStringLayout(ULONG* pBufferLengthOffset, ULONG* pStringLengthOffset, ULONG* pBufferOffset) = 0;
    virtual HRESULT GetClassLayout(ClassID classID, COR_FIELD_OFFSET rFieldOffset[], ULONG cFieldOffset,
                                   ULONG* pcFieldOffset, ULONG* pulClassSize) = 0;
    virtual HRESULT GetClassIDInfo2(ClassID classId, ModuleID* pModuleId, mdTypeDef* pTypeDefToken, ClassID* pParentClassId,
                                    ULONG32 cNumTypeArgs, ULONG32* pcNumTypeArgs, ClassID typeArgs[]) = 0;
    virtual HRESULT GetCodeInfo2(FunctionID functionID, ULONG32 cCodeInfos, ULONG32* pcCodeInfos, COR_PRF_CODE_INFO codeInfos[]) = 0;
    virtual HRESULT GetClassFromTokenAndTypeArgs(ModuleID moduleID, mdTypeDef typeDef, ULONG32 cTypeArgs, ClassID typeArgs[], ClassID* pClassID) = 0;
    virtual HRESULT GetFunctionFromTokenAndTypeArgs(ModuleID moduleID, mdMethodDef funcDef, ClassID classId, ULONG32 cTypeArgs,
                                                    ClassID typeArgs[], FunctionID* pFunctionID) = 0;
    virtual HRESULT EnumModuleFrozenObjects(ModuleID moduleID, void** ppEnum) = 0;
    virtual HRESULT GetArrayObjectInfo(ObjectID objectId, ULONG32 cDimensions, ULONG32 pDimensionSizes[],
                                       int pDimensionLowerBounds[], BYTE** ppData) = 0;
    virtual HRESULT GetBoxClassLayout(ClassID classId, ULONG32* pBufferOffset) = 0;
    virtual HRESULT GetThreadAppDomain(ThreadID threadId, AppDomainID* pAppDomainId) = 0;
    virtual HRESULT GetRVAStaticAddress(ClassID classId, mdFieldDef fieldToken, void** ppAddress) = 0;
    virtual HRESULT GetAppDomainStaticAddress(ClassID classId, mdFieldDef fieldToken, AppDomainID appDomainId, void** ppAddress) = 0;
    virtual HRESULT GetThreadStaticAddress(ClassID classId, mdFieldDef fieldToken, ThreadID threadId, void** ppAddress) = 0;
    virtual HRESULT GetContextStaticAddress(ClassID classId, mdFieldDef fieldToken, ContextID contextId, void** ppAddress) = 0;
    virtual HRESULT GetStaticFieldInfo(ClassID classId, mdFieldDef fieldToken, COR_PRF_STATIC_TYPE* pFieldInfo) = 0;
    virtual HRESULT GetGenerationBounds(ULONG cObjectRanges, ULONG* pcObjectRanges, COR_PRF_GC_GENERATION_RANGE ranges[]) = 0;
    virtual HRESULT GetObjectGeneration(ObjectID objectId, COR_PRF_GC_GENERATION_RANGE* range) = 0;
    virtual HRESULT GetNotifiedExceptionClauseInfo(COR_PRF_EX_CLAUSE_INFO* pinfo) = 0;
};

// ICorProfilerInfo3 {B555ED4F-452A-4E54-8B39-B5360BAD32A0}
class ICorProfilerInfo3 : public ICorProfilerInfo2
{
public:
    virtual HRESULT EnumJITedFunctions(ICorProfilerFunctionEnum** ppEnum) = 0;
    virtual HRESULT RequestProfilerDetach(DWORD dwExpectedCompletionMilliseconds) = 0;
    virtual HRESULT SetFunctionIDMapper2(void* pFunc, void* clientData) = 0;
    virtual HRESULT GetStringLayout2(ULONG* pStringLengthOffset, ULONG* pBufferOffset) = 0;
    virtual HRESULT SetEnterLeaveFunctionHooks3(void* pFuncEnter3, void* pFuncLeave3, void* pFuncTailcall3) = 0;
    virtual HRESULT SetEnterLeaveFunctionHooks3WithInfo(void* pFuncEnter3WithInfo, void* pFuncLeave3WithInfo,
                                                        void* pFuncTailcall3WithInfo) = 0;
    virtual HRESULT GetFunctionEnter3Info(FunctionID functionId, COR_PRF_ELT_INFO eltInfo, COR_PRF_FRAME_INFO* pFrameInfo,
                                          ULONG* pcbArgumentInfo, COR_PRF_FUNCTION_ARGUMENT_INFO* pArgumentInfo) = 0;
    virtual HRESULT GetFunctionLeave3Info(FunctionID functionId, COR_PRF_ELT_INFO eltInfo, COR_PRF_FRAME_INFO* pFrameInfo,
                                          COR_PRF_FUNCTION_ARGUMENT_RANGE* pRetvalRange) = 0;
    virtual HRESULT GetFunctionTailcall3Info(FunctionID functionId, COR_PRF_ELT_INFO eltInfo, COR_PRF_FRAME_INFO* pFrameInfo) = 0;
    virtual HRESULT EnumModules(ICorProfilerModuleEnum** ppEnum) = 0;
    virtual HRESULT GetRuntimeInformation(USHORT* pClrInstanceId, COR_PRF_RUNTIME_TYPE* pRuntimeType, USHORT* pMajorVersion,
                                          USHORT* pMinorVersion, USHORT* pBuildNumber, USHORT* pQFEVersion,
                                          ULONG cchVersionString, ULONG* pcchVersionString, WCHAR szVersionString[]) = 0;
    virtual HRESULT GetThreadStaticAddress2(ClassID classId, mdFieldDef fieldToken, AppDomainID appDomainId,
                                            ThreadID threadId, void** ppAddress) = 0;
    virtual HRESULT GetAppDomainsContainingModule(ModuleID moduleId, ULONG32 cAppDomainIds, ULONG32* pcAppDomainIds,
                                                  AppDomainID appDomainIds[]) = 0;
    virtual HRESULT GetModuleInfo2(ModuleID moduleId, LPCBYTE* ppBaseLoadAddress, ULONG cchName, ULONG* pcchName,
                                   WCHAR szName[], AssemblyID* pAssemblyId, DWORD* pdwModuleFlags) = 0;
};

// ICorProfilerInfo4 {0D8FDCAA-6257-47BF-B1BF-94DAC88466EE}: ReJIT.
class ICorProfilerInfo4 : public ICorProfilerInfo3
{
public:
    virtual HRESULT EnumThreads(ICorProfilerThreadEnum** ppEnum) = 0;
    virtual HRESULT InitializeCurrentThread() = 0;
    virtual HRESULT RequestReJIT(ULONG cFunctions, ModuleID moduleIds[], mdMethodDef methodIds[]) = 0;
    virtual HRESULT RequestRevert(ULONG cFunctions, ModuleID moduleIds[], mdMethodDef methodIds[], HRESULT status[]) = 0;
    virtual HRESULT GetCodeInfo3(FunctionID functionID, ReJITID reJitId, ULONG32 cCodeInfos, ULONG32* pcCodeInfos,
                                 COR_PRF_CODE_INFO codeInfos[]) = 0;
    virtual HRESULT GetFunctionFromIP2(LPCBYTE ip, FunctionID* pFunctionId, ReJITID* pReJitId) = 0;
    virtual HRESULT GetReJITIDs(FunctionID functionId, ULONG cReJitIds, ULONG* pcReJitIds, ReJITID reJitIds[]) = 0;
    virtual HRESULT GetILToNativeMapping2(FunctionID functionId, ReJITID reJitId, ULONG32 cMap, ULONG32* pcMap,
                                          COR_DEBUG_IL_TO_NATIVE_MAP map[]) = 0;
    virtual HRESULT EnumJITedFunctions2(ICorProfilerFunctionEnum** ppEnum) = 0;
    virtual HRESULT GetObjectSize2(ObjectID objectId, SIZE_T* pcSize) = 0;
};

// ICorProfilerInfo5 {07602928-CE38-4B83-81E7-74ADAF781214}
class ICorProfilerInfo5 : public ICorProfilerInfo4
{
public:
    virtual HRESULT GetEventMask2(DWORD* pdwEventsLow, DWORD* pdwEventsHigh) = 0;
    virtual HRESULT SetEventMask2(DWORD dwEventsLow, DWORD dwEventsHigh) = 0;
};

// ICorProfilerInfo6 {F30A070D-BFFB-46A7-B1D8-8781EF7B698A}
class ICorProfilerInfo6 : public ICorProfilerInfo5
{
public:
    virtual HRESULT EnumNgenModuleMethodsInliningThisMethod(ModuleID inlinersModuleId, ModuleID inlineeModuleId,
                                                            mdMethodDef inlineeMethodId, BOOL* incompleteData,
                                                            ICorProfilerMethodEnum** ppEnum) = 0;
};

// ICorProfilerInfo7 {9AEECC0D-63E0-4187-8C00-E312F503F663}: ApplyMetaData.
class ICorProfilerInfo7 : public ICorProfilerInfo6
{
public:
    virtual HRESULT ApplyMetaData(ModuleID moduleId) = 0;
    virtual HRESULT GetInMemorySymbolsLength(ModuleID moduleId, DWORD* pCountSymbolBytes) = 0;
    virtual HRESULT ReadInMemorySymbols(ModuleID moduleId, DWORD symbolsReadOffset, BYTE* pSymbolBytes,
                                        DWORD countSymbolBytes, DWORD* pCountSymbolBytesRead) = 0;
};

// ICorProfilerInfo8 {C5AC80A6-782E-4716-8044-39598C60CFBF}: declared only to reach ICorProfilerInfo10's slots.
class ICorProfilerInfo8 : public ICorProfilerInfo7
{
public:
    virtual HRESULT IsFunctionDynamic(FunctionID functionId, BOOL* isDynamic) = 0;
    virtual HRESULT GetFunctionFromIP3(LPCBYTE ip, FunctionID* functionId, ReJITID* pReJitId) = 0;
    virtual HRESULT GetDynamicFunctionInfo(FunctionID functionId, ModuleID* moduleId, PCCOR_SIGNATURE* ppvSig, ULONG* pbSig,
                                           ULONG cchName, ULONG* pcchName, WCHAR wszName[]) = 0;
};

// ICorProfilerInfo9 {008170DB-F8CC-4796-9A51-DC8AA0B47012}
class ICorProfilerInfo9 : public ICorProfilerInfo8
{
public:
    virtual HRESULT GetNativeCodeStartAddresses(FunctionID functionID, ReJITID reJitId, ULONG32 cCodeStartAddresses,
                                                ULONG32* pcCodeStartAddresses, UINT_PTR codeStartAddresses[]) = 0;
    virtual HRESULT GetILToNativeMapping3(UINT_PTR pNativeCodeStartAddress, ULONG32 cMap, ULONG32* pcMap,
                                          COR_DEBUG_IL_TO_NATIVE_MAP map[]) = 0;
    virtual HRESULT GetCodeInfo4(UINT_PTR pNativeCodeStartAddress, ULONG32 cCodeInfos, ULONG32* pcCodeInfos,
                                 COR_PRF_CODE_INFO codeInfos[]) = 0;
};

// COR_PRF_REJIT_FLAGS, for RequestReJITWithInliners.
constexpr DWORD COR_PRF_REJIT_BLOCK_INLINING = 0x1;

// ICorProfilerInfo10 {2F1B5152-C869-40C9-AA5F-3ABE026BD720}: RequestReJITWithInliners (.NET Core 3.0+).
class ICorProfilerInfo10 : public ICorProfilerInfo9
{
public:
    virtual HRESULT EnumerateObjectReferences(ObjectID objectId, void* callback, void* clientData) = 0;
    virtual HRESULT IsFrozenObject(ObjectID objectId, BOOL* pbFrozen) = 0;
    virtual HRESULT GetLOHObjectSizeThreshold(DWORD* pThreshold) = 0;
    virtual HRESULT RequestReJITWithInliners(DWORD dwRejitFlags, ULONG cFunctions, ModuleID moduleIds[], mdMethodDef methodIds[]) = 0;
    virtual HRESULT SuspendRuntime() = 0;
    virtual HRESULT ResumeRuntime() = 0;
};

constexpr IID IID_ICorProfilerCallback = {0x176FBED1, 0xA55C, 0x4796, {0x98, 0xCA, 0xA9, 0xDA, 0x0E, 0xF8, 0x83, 0xE7}};
constexpr IID IID_ICorProfilerCallback2 = {0x8A8CC829, 0xCCF2, 0x49FE, {0xBB, 0xAE, 0x0F, 0x02, 0x22, 0x28, 0x07, 0x1A}};
constexpr IID IID_ICorProfilerCallback3 = {0x4FD2ED52, 0x7731, 0x4B8D, {0x94, 0x69, 0x03, 0xD2, 0xCC, 0x30, 0x86, 0xC5}};
constexpr IID IID_ICorProfilerCallback4 = {0x7B63B2E3, 0x107D, 0x4D48, {0xB2, 0xF6, 0xF6, 0x1E, 0x22, 0x94, 0x70, 0xD2}};
constexpr IID IID_ICorProfilerInfo4 = {0x0D8FDCAA, 0x6257, 0x47BF, {0xB1, 0xBF, 0x94, 0xDA, 0xC8, 0x84, 0x66, 0xEE}};
constexpr IID IID_ICorProfilerInfo7 = {0x9AEECC0D, 0x63E0, 0x4187, {0x8C, 0x00, 0xE3, 0x12, 0xF5, 0x03, 0xF6, 0x63}};
constexpr IID IID_ICorProfilerInfo10 = {0x2F1B5152, 0xC869, 0x40C9, {0xAA, 0x5F, 0x3A, 0xBE, 0x02, 0x6B, 0xD7, 0x20}};

} // namespace dt
