// A stand-in for the runtime's ICorProfilerInfo7 in the shim's unit tests: every method answers
// E_NOTIMPL; tests derive from it and override the few the profiler calls.
#pragma once

#include "interfaces/cor_profiler.h"

namespace dt::testing {

class FakeProfilerInfoBase : public ICorProfilerInfo7
{
public:
    virtual ~FakeProfilerInfoBase() = default;
    HRESULT QueryInterface(REFIID, void** ppvObject) override { *ppvObject = nullptr; return E_NOINTERFACE; }
    ULONG AddRef() override { return 1; }
    ULONG Release() override { return 1; }
    // ICorProfilerInfo
    HRESULT GetClassFromObject(ObjectID objectId, ClassID* pClassId) override { return E_NOTIMPL; }
    HRESULT GetClassFromToken(ModuleID moduleId, mdTypeDef typeDef, ClassID* pClassId) override { return E_NOTIMPL; }
    HRESULT GetCodeInfo(FunctionID functionId, LPCBYTE* pStart, ULONG* pcSize) override { return E_NOTIMPL; }
    HRESULT GetEventMask(DWORD* pdwEvents) override { return E_NOTIMPL; }
    HRESULT GetFunctionFromIP(LPCBYTE ip, FunctionID* pFunctionId) override { return E_NOTIMPL; }
    HRESULT GetFunctionFromToken(ModuleID moduleId, mdToken token, FunctionID* pFunctionId) override { return E_NOTIMPL; }
    HRESULT GetHandleFromThread(ThreadID threadId, HANDLE* phThread) override { return E_NOTIMPL; }
    HRESULT GetObjectSize(ObjectID objectId, ULONG* pcSize) override { return E_NOTIMPL; }
    HRESULT IsArrayClass(ClassID classId, CorElementType* pBaseElemType, ClassID* pBaseClassId, ULONG* pcRank) override { return E_NOTIMPL; }
    HRESULT GetThreadInfo(ThreadID threadId, DWORD* pdwWin32ThreadId) override { return E_NOTIMPL; }
    HRESULT GetCurrentThreadID(ThreadID* pThreadId) override { return E_NOTIMPL; }
    HRESULT GetClassIDInfo(ClassID classId, ModuleID* pModuleId, mdTypeDef* pTypeDefToken) override { return E_NOTIMPL; }
    HRESULT GetFunctionInfo(FunctionID functionId, ClassID* pClassId, ModuleID* pModuleId, mdToken* pToken) override { return E_NOTIMPL; }
    HRESULT SetEventMask(DWORD dwEvents) override { return E_NOTIMPL; }
    HRESULT SetEnterLeaveFunctionHooks(void* pFuncEnter, void* pFuncLeave, void* pFuncTailcall) override { return E_NOTIMPL; }
    HRESULT SetFunctionIDMapper(void* pFunc) override { return E_NOTIMPL; }
    HRESULT GetTokenAndMetaDataFromFunction(FunctionID functionId, REFIID riid, IUnknown** ppImport, mdToken* pToken) override { return E_NOTIMPL; }
    HRESULT GetModuleInfo(ModuleID moduleId, LPCBYTE* ppBaseLoadAddress, ULONG cchName, ULONG* pcchName, WCHAR szName[], AssemblyID* pAssemblyId) override { return E_NOTIMPL; }
    HRESULT GetModuleMetaData(ModuleID moduleId, DWORD dwOpenFlags, REFIID riid, IUnknown** ppOut) override { return E_NOTIMPL; }
    HRESULT GetILFunctionBody(ModuleID moduleId, mdMethodDef methodId, LPCBYTE* ppMethodHeader, ULONG* pcbMethodSize) override { return E_NOTIMPL; }
    HRESULT GetILFunctionBodyAllocator(ModuleID moduleId, IMethodMalloc** ppMalloc) override { return E_NOTIMPL; }
    HRESULT SetILFunctionBody(ModuleID moduleId, mdMethodDef methodid, LPCBYTE pbNewILMethodHeader) override { return E_NOTIMPL; }
    HRESULT GetAppDomainInfo(AppDomainID appDomainId, ULONG cchName, ULONG* pcchName, WCHAR szName[], ProcessID* pProcessId) override { return E_NOTIMPL; }
    HRESULT GetAssemblyInfo(AssemblyID assemblyId, ULONG cchName, ULONG* pcchName, WCHAR szName[], AppDomainID* pAppDomainId, ModuleID* pModuleId) override { return E_NOTIMPL; }
    HRESULT SetFunctionReJIT(FunctionID functionId) override { return E_NOTIMPL; }
    HRESULT ForceGC() override { return E_NOTIMPL; }
    HRESULT SetILInstrumentedCodeMap(FunctionID functionId, BOOL fStartJit, ULONG cILMapEntries, COR_IL_MAP rgILMapEntries[]) override { return E_NOTIMPL; }
    HRESULT GetInprocInspectionInterface(IUnknown** ppicd) override { return E_NOTIMPL; }
    HRESULT GetInprocInspectionIThisThread(IUnknown** ppicd) override { return E_NOTIMPL; }
    HRESULT GetThreadContext(ThreadID threadId, ContextID* pContextId) override { return E_NOTIMPL; }
    HRESULT BeginInprocDebugging(BOOL fThisThreadOnly, DWORD* pdwProfilerContext) override { return E_NOTIMPL; }
    HRESULT EndInprocDebugging(DWORD dwProfilerContext) override { return E_NOTIMPL; }
    HRESULT GetILToNativeMapping(FunctionID functionId, ULONG32 cMap, ULONG32* pcMap, COR_DEBUG_IL_TO_NATIVE_MAP map[]) override { return E_NOTIMPL; }
    // ICorProfilerInfo2
    HRESULT DoStackSnapshot(ThreadID thread, void* callback, ULONG32 infoFlags, void* clientData, BYTE context[], ULONG32 contextSize) override { return E_NOTIMPL; }
    HRESULT SetEnterLeaveFunctionHooks2(void* pFuncEnter, void* pFuncLeave, void* pFuncTailcall) override { return E_NOTIMPL; }
    HRESULT GetFunctionInfo2(FunctionID funcId, COR_PRF_FRAME_INFO frameInfo, ClassID* pClassId, ModuleID* pModuleId, mdToken* pToken, ULONG32 cTypeArgs, ULONG32* pcTypeArgs, ClassID typeArgs[]) override { return E_NOTIMPL; }
    HRESULT GetStringLayout(ULONG* pBufferLengthOffset, ULONG* pStringLengthOffset, ULONG* pBufferOffset) override { return E_NOTIMPL; }
    HRESULT GetClassLayout(ClassID classID, COR_FIELD_OFFSET rFieldOffset[], ULONG cFieldOffset, ULONG* pcFieldOffset, ULONG* pulClassSize) override { return E_NOTIMPL; }
    HRESULT GetClassIDInfo2(ClassID classId, ModuleID* pModuleId, mdTypeDef* pTypeDefToken, ClassID* pParentClassId, ULONG32 cNumTypeArgs, ULONG32* pcNumTypeArgs, ClassID typeArgs[]) override { return E_NOTIMPL; }
    HRESULT GetCodeInfo2(FunctionID functionID, ULONG32 cCodeInfos, ULONG32* pcCodeInfos, COR_PRF_CODE_INFO codeInfos[]) override { return E_NOTIMPL; }
    HRESULT GetClassFromTokenAndTypeArgs(ModuleID moduleID, mdTypeDef typeDef, ULONG32 cTypeArgs, ClassID typeArgs[], ClassID* pClassID) override { return E_NOTIMPL; }
    HRESULT GetFunctionFromTokenAndTypeArgs(ModuleID moduleID, mdMethodDef funcDef, ClassID classId, ULONG32 cTypeArgs, ClassID typeArgs[], FunctionID* pFunctionID) override { return E_NOTIMPL; }
    HRESULT EnumModuleFrozenObjects(ModuleID moduleID, void** ppEnum) override { return E_NOTIMPL; }
    HRESULT GetArrayObjectInfo(ObjectID objectId, ULONG32 cDimensions, ULONG32 pDimensionSizes[], int pDimensionLowerBounds[], BYTE** ppData) override { return E_NOTIMPL; }
    HRESULT GetBoxClassLayout(ClassID classId, ULONG32* pBufferOffset) override { return E_NOTIMPL; }
    HRESULT GetThreadAppDomain(ThreadID threadId, AppDomainID* pAppDomainId) override { return E_NOTIMPL; }
    HRESULT GetRVAStaticAddress(ClassID classId, mdFieldDef fieldToken, void** ppAddress) override { return E_NOTIMPL; }
    HRESULT GetAppDomainStaticAddress(ClassID classId, mdFieldDef fieldToken, AppDomainID appDomainId, void** ppAddress) override { return E_NOTIMPL; }
    HRESULT GetThreadStaticAddress(ClassID classId, mdFieldDef fieldToken, ThreadID threadId, void** ppAddress) override { return E_NOTIMPL; }
    HRESULT GetContextStaticAddress(ClassID classId, mdFieldDef fieldToken, ContextID contextId, void** ppAddress) override { return E_NOTIMPL; }
    HRESULT GetStaticFieldInfo(ClassID classId, mdFieldDef fieldToken, COR_PRF_STATIC_TYPE* pFieldInfo) override { return E_NOTIMPL; }
    HRESULT GetGenerationBounds(ULONG cObjectRanges, ULONG* pcObjectRanges, COR_PRF_GC_GENERATION_RANGE ranges[]) override { return E_NOTIMPL; }
    HRESULT GetObjectGeneration(ObjectID objectId, COR_PRF_GC_GENERATION_RANGE* range) override { return E_NOTIMPL; }
    HRESULT GetNotifiedExceptionClauseInfo(COR_PRF_EX_CLAUSE_INFO* pinfo) override { return E_NOTIMPL; }
    // ICorProfilerInfo3
    HRESULT EnumJITedFunctions(ICorProfilerFunctionEnum** ppEnum) override { return E_NOTIMPL; }
    HRESULT RequestProfilerDetach(DWORD dwExpectedCompletionMilliseconds) override { return E_NOTIMPL; }
    HRESULT SetFunctionIDMapper2(void* pFunc, void* clientData) override { return E_NOTIMPL; }
    HRESULT GetStringLayout2(ULONG* pStringLengthOffset, ULONG* pBufferOffset) override { return E_NOTIMPL; }
    HRESULT SetEnterLeaveFunctionHooks3(void* pFuncEnter3, void* pFuncLeave3, void* pFuncTailcall3) override { return E_NOTIMPL; }
    HRESULT SetEnterLeaveFunctionHooks3WithInfo(void* pFuncEnter3WithInfo, void* pFuncLeave3WithInfo, void* pFuncTailcall3WithInfo) override { return E_NOTIMPL; }
    HRESULT GetFunctionEnter3Info(FunctionID functionId, COR_PRF_ELT_INFO eltInfo, COR_PRF_FRAME_INFO* pFrameInfo, ULONG* pcbArgumentInfo, COR_PRF_FUNCTION_ARGUMENT_INFO* pArgumentInfo) override { return E_NOTIMPL; }
    HRESULT GetFunctionLeave3Info(FunctionID functionId, COR_PRF_ELT_INFO eltInfo, COR_PRF_FRAME_INFO* pFrameInfo, COR_PRF_FUNCTION_ARGUMENT_RANGE* pRetvalRange) override { return E_NOTIMPL; }
    HRESULT GetFunctionTailcall3Info(FunctionID functionId, COR_PRF_ELT_INFO eltInfo, COR_PRF_FRAME_INFO* pFrameInfo) override { return E_NOTIMPL; }
    HRESULT EnumModules(ICorProfilerModuleEnum** ppEnum) override { return E_NOTIMPL; }
    HRESULT GetRuntimeInformation(USHORT* pClrInstanceId, COR_PRF_RUNTIME_TYPE* pRuntimeType, USHORT* pMajorVersion, USHORT* pMinorVersion, USHORT* pBuildNumber, USHORT* pQFEVersion, ULONG cchVersionString, ULONG* pcchVersionString, WCHAR szVersionString[]) override { return E_NOTIMPL; }
    HRESULT GetThreadStaticAddress2(ClassID classId, mdFieldDef fieldToken, AppDomainID appDomainId, ThreadID threadId, void** ppAddress) override { return E_NOTIMPL; }
    HRESULT GetAppDomainsContainingModule(ModuleID moduleId, ULONG32 cAppDomainIds, ULONG32* pcAppDomainIds, AppDomainID appDomainIds[]) override { return E_NOTIMPL; }
    HRESULT GetModuleInfo2(ModuleID moduleId, LPCBYTE* ppBaseLoadAddress, ULONG cchName, ULONG* pcchName, WCHAR szName[], AssemblyID* pAssemblyId, DWORD* pdwModuleFlags) override { return E_NOTIMPL; }
    // ICorProfilerInfo4
    HRESULT EnumThreads(ICorProfilerThreadEnum** ppEnum) override { return E_NOTIMPL; }
    HRESULT InitializeCurrentThread() override { return E_NOTIMPL; }
    HRESULT RequestReJIT(ULONG cFunctions, ModuleID moduleIds[], mdMethodDef methodIds[]) override { return E_NOTIMPL; }
    HRESULT RequestRevert(ULONG cFunctions, ModuleID moduleIds[], mdMethodDef methodIds[], HRESULT status[]) override { return E_NOTIMPL; }
    HRESULT GetCodeInfo3(FunctionID functionID, ReJITID reJitId, ULONG32 cCodeInfos, ULONG32* pcCodeInfos, COR_PRF_CODE_INFO codeInfos[]) override { return E_NOTIMPL; }
    HRESULT GetFunctionFromIP2(LPCBYTE ip, FunctionID* pFunctionId, ReJITID* pReJitId) override { return E_NOTIMPL; }
    HRESULT GetReJITIDs(FunctionID functionId, ULONG cReJitIds, ULONG* pcReJitIds, ReJITID reJitIds[]) override { return E_NOTIMPL; }
    HRESULT GetILToNativeMapping2(FunctionID functionId, ReJITID reJitId, ULONG32 cMap, ULONG32* pcMap, COR_DEBUG_IL_TO_NATIVE_MAP map[]) override { return E_NOTIMPL; }
    HRESULT EnumJITedFunctions2(ICorProfilerFunctionEnum** ppEnum) override { return E_NOTIMPL; }
    HRESULT GetObjectSize2(ObjectID objectId, SIZE_T* pcSize) override { return E_NOTIMPL; }
    // ICorProfilerInfo5
    HRESULT GetEventMask2(DWORD* pdwEventsLow, DWORD* pdwEventsHigh) override { return E_NOTIMPL; }
    HRESULT SetEventMask2(DWORD dwEventsLow, DWORD dwEventsHigh) override { return E_NOTIMPL; }
    // ICorProfilerInfo6
    HRESULT EnumNgenModuleMethodsInliningThisMethod(ModuleID inlinersModuleId, ModuleID inlineeModuleId, mdMethodDef inlineeMethodId, BOOL* incompleteData, ICorProfilerMethodEnum** ppEnum) override { return E_NOTIMPL; }
    // ICorProfilerInfo7
    HRESULT ApplyMetaData(ModuleID moduleId) override { return E_NOTIMPL; }
    HRESULT GetInMemorySymbolsLength(ModuleID moduleId, DWORD* pCountSymbolBytes) override { return E_NOTIMPL; }
    HRESULT ReadInMemorySymbols(ModuleID moduleId, DWORD symbolsReadOffset, BYTE* pSymbolBytes, DWORD countSymbolBytes, DWORD* pCountSymbolBytesRead) override { return E_NOTIMPL; }
};

} // namespace dt::testing
