// The unmanaged metadata interfaces the shim uses to add references to a loaded module, declared
// from the public metadata API documentation (cor.h as documented). As with the profiling
// interfaces, every method is declared in documented order because the vtable is the ABI.
#pragma once

#include "com_types.h"
#include "cor_profiler.h"

namespace dt {

using mdTypeRef = mdToken;
using mdMemberRef = mdToken;
using mdMethodSpec = mdToken;
using mdSignature = mdToken;
using mdTypeSpec = mdToken;
using mdString = mdToken;
using mdAssemblyRef = mdToken;
using mdAssembly = mdToken;
using mdFile = mdToken;
using mdExportedType = mdToken;
using mdManifestResource = mdToken;
using mdModuleRef = mdToken;
using mdEvent = mdToken;
using mdPermission = mdToken;
using mdCustomAttribute = mdToken;
using mdProperty = mdToken;
using mdParamDef = mdToken;
using mdGenericParam = mdToken;
using PCOR_SIGNATURE = BYTE*;
using HCORENUM = void*;
using CorSaveSize = uint32_t;

// CorOpenFlags
constexpr DWORD ofRead = 0x00000000;
constexpr DWORD ofWrite = 0x00000001;

struct OSINFO
{
    DWORD dwOSPlatformId;
    DWORD dwOSMajorVersion;
    DWORD dwOSMinorVersion;
};

struct ASSEMBLYMETADATA
{
    USHORT usMajorVersion;
    USHORT usMinorVersion;
    USHORT usBuildNumber;
    USHORT usRevisionNumber;
    LPWSTR szLocale;
    ULONG cbLocale;
    DWORD* rProcessor;
    ULONG ulProcessor;
    OSINFO* rOS;
    ULONG ulOS;
};

struct COR_SECATTR;
class IMetaDataImport;
class IMetaDataAssemblyImport;
class IMapToken;
class IStream;

// IMetaDataEmit {BA3FEE4C-ECB9-4E41-83B7-183FA41CD859}
class IMetaDataEmit : public IUnknown
{
public:
    virtual HRESULT SetModuleProps(LPCWSTR szName) = 0;
    virtual HRESULT Save(LPCWSTR szFile, DWORD dwSaveFlags) = 0;
    virtual HRESULT SaveToStream(IStream* pIStream, DWORD dwSaveFlags) = 0;
    virtual HRESULT GetSaveSize(CorSaveSize fSave, DWORD* pdwSaveSize) = 0;
    virtual HRESULT DefineTypeDef(LPCWSTR szTypeDef, DWORD dwTypeDefFlags, mdToken tkExtends, mdToken rtkImplements[], mdTypeDef* ptd) = 0;
    virtual HRESULT DefineNestedType(LPCWSTR szTypeDef, DWORD dwTypeDefFlags, mdToken tkExtends, mdToken rtkImplements[],
                                     mdTypeDef tdEncloser, mdTypeDef* ptd) = 0;
    virtual HRESULT SetHandler(IUnknown* pUnk) = 0;
    virtual HRESULT DefineMethod(mdTypeDef td, LPCWSTR szName, DWORD dwMethodFlags, PCCOR_SIGNATURE pvSigBlob, ULONG cbSigBlob,
                                 ULONG ulCodeRVA, DWORD dwImplFlags, mdMethodDef* pmd) = 0;
    virtual HRESULT DefineMethodImpl(mdTypeDef td, mdToken tkBody, mdToken tkDecl) = 0;
    virtual HRESULT DefineTypeRefByName(mdToken tkResolutionScope, LPCWSTR szName, mdTypeRef* ptr) = 0;
    virtual HRESULT DefineImportType(IMetaDataAssemblyImport* pAssemImport, const void* pbHashValue, ULONG cbHashValue,
                                     IMetaDataImport* pImport, mdTypeDef tdImport, IUnknown* pAssemEmit, mdTypeRef* ptr) = 0;
    virtual HRESULT DefineMemberRef(mdToken tkImport, LPCWSTR szName, PCCOR_SIGNATURE pvSigBlob, ULONG cbSigBlob, mdMemberRef* pmr) = 0;
    virtual HRESULT DefineImportMember(IMetaDataAssemblyImport* pAssemImport, const void* pbHashValue, ULONG cbHashValue,
                                       IMetaDataImport* pImport, mdToken mbMember, IUnknown* pAssemEmit, mdToken tkParent,
                                       mdMemberRef* pmr) = 0;
    virtual HRESULT DefineEvent(mdTypeDef td, LPCWSTR szEvent, DWORD dwEventFlags, mdToken tkEventType, mdMethodDef mdAddOn,
                                mdMethodDef mdRemoveOn, mdMethodDef mdFire, mdMethodDef rmdOtherMethods[], mdEvent* pmdEvent) = 0;
    virtual HRESULT SetClassLayout(mdTypeDef td, DWORD dwPackSize, COR_FIELD_OFFSET rFieldOffsets[], ULONG ulClassSize) = 0;
    virtual HRESULT DeleteClassLayout(mdTypeDef td) = 0;
    virtual HRESULT SetFieldMarshal(mdToken tk, PCCOR_SIGNATURE pvNativeType, ULONG cbNativeType) = 0;
    virtual HRESULT DeleteFieldMarshal(mdToken tk) = 0;
    virtual HRESULT DefinePermissionSet(mdToken tk, DWORD dwAction, const void* pvPermission, ULONG cbPermission, mdPermission* ppm) = 0;
    virtual HRESULT SetRVA(mdMethodDef md, ULONG ulRVA) = 0;
    virtual HRESULT GetTokenFromSig(PCCOR_SIGNATURE pvSig, ULONG cbSig, mdSignature* pmsig) = 0;
    virtual HRESULT DefineModuleRef(LPCWSTR szName, mdModuleRef* pmur) = 0;
    virtual HRESULT SetParent(mdMemberRef mr, mdToken tk) = 0;
    virtual HRESULT GetTokenFromTypeSpec(PCCOR_SIGNATURE pvSig, ULONG cbSig, mdTypeSpec* ptypespec) = 0;
    virtual HRESULT SaveToMemory(void* pbData, ULONG cbData) = 0;
    virtual HRESULT DefineUserString(LPCWSTR szString, ULONG cchString, mdString* pstk) = 0;
    virtual HRESULT DeleteToken(mdToken tkObj) = 0;
    virtual HRESULT SetMethodProps(mdMethodDef md, DWORD dwMethodFlags, ULONG ulCodeRVA, DWORD dwImplFlags) = 0;
    virtual HRESULT SetTypeDefProps(mdTypeDef td, DWORD dwTypeDefFlags, mdToken tkExtends, mdToken rtkImplements[]) = 0;
    virtual HRESULT SetEventProps(mdEvent ev, DWORD dwEventFlags, mdToken tkEventType, mdMethodDef mdAddOn, mdMethodDef mdRemoveOn,
                                  mdMethodDef mdFire, mdMethodDef rmdOtherMethods[]) = 0;
    virtual HRESULT SetPermissionSetProps(mdToken tk, DWORD dwAction, const void* pvPermission, ULONG cbPermission, mdPermission* ppm) = 0;
    virtual HRESULT DefinePinvokeMap(mdToken tk, DWORD dwMappingFlags, LPCWSTR szImportName, mdModuleRef mrImportDLL) = 0;
    virtual HRESULT SetPinvokeMap(mdToken tk, DWORD dwMappingFlags, LPCWSTR szImportName, mdModuleRef mrImportDLL) = 0;
    virtual HRESULT DeletePinvokeMap(mdToken tk) = 0;
    virtual HRESULT DefineCustomAttribute(mdToken tkOwner, mdToken tkCtor, const void* pCustomAttribute, ULONG cbCustomAttribute,
                                          mdCustomAttribute* pcv) = 0;
    virtual HRESULT SetCustomAttributeValue(mdCustomAttribute pcv, const void* pCustomAttribute, ULONG cbCustomAttribute) = 0;
    virtual HRESULT DefineField(mdTypeDef td, LPCWSTR szName, DWORD dwFieldFlags, PCCOR_SIGNATURE pvSigBlob, ULONG cbSigBlob,
                                DWORD dwCPlusTypeFlag, const void* pValue, ULONG cchValue, mdFieldDef* pmd) = 0;
    virtual HRESULT DefineProperty(mdTypeDef td, LPCWSTR szProperty, DWORD dwPropFlags, PCCOR_SIGNATURE pvSig, ULONG cbSig,
                                   DWORD dwCPlusTypeFlag, const void* pValue, ULONG cchValue, mdMethodDef mdSetter,
                                   mdMethodDef mdGetter, mdMethodDef rmdOtherMethods[], mdProperty* pmdProp) = 0;
    virtual HRESULT DefineParam(mdMethodDef md, ULONG ulParamSeq, LPCWSTR szName, DWORD dwParamFlags, DWORD dwCPlusTypeFlag,
                                const void* pValue, ULONG cchValue, mdParamDef* ppd) = 0;
    virtual HRESULT SetFieldProps(mdFieldDef fd, DWORD dwFieldFlags, DWORD dwCPlusTypeFlag, const void* pValue, ULONG cchValue) = 0;
    virtual HRESULT SetPropertyProps(mdProperty pr, DWORD dwPropFlags, DWORD dwCPlusTypeFlag, const void* pValue, ULONG cchValue,
                                     mdMethodDef mdSetter, mdMethodDef mdGetter, mdMethodDef rmdOtherMethods[]) = 0;
    virtual HRESULT SetParamProps(mdParamDef pd, LPCWSTR szName, DWORD dwParamFlags, DWORD dwCPlusTypeFlag, const void* pValue,
                                  ULONG cchValue) = 0;
    virtual HRESULT DefineSecurityAttributeSet(mdToken tkObj, COR_SECATTR rSecAttrs[], ULONG cSecAttrs, ULONG* pulErrorAttr) = 0;
    virtual HRESULT ApplyEditAndContinue(IUnknown* pImport) = 0;
    virtual HRESULT TranslateSigWithScope(IMetaDataAssemblyImport* pAssemImport, const void* pbHashValue, ULONG cbHashValue,
                                          IMetaDataImport* import, PCCOR_SIGNATURE pbSigBlob, ULONG cbSigBlob,
                                          IUnknown* pAssemEmit, IMetaDataEmit* emit, PCOR_SIGNATURE pvTranslatedSig,
                                          ULONG cbTranslatedSigMax, ULONG* pcbTranslatedSig) = 0;
    virtual HRESULT SetMethodImplFlags(mdMethodDef md, DWORD dwImplFlags) = 0;
    virtual HRESULT SetFieldRVA(mdFieldDef fd, ULONG ulRVA) = 0;
    virtual HRESULT Merge(IMetaDataImport* pImport, IMapToken* pHostMapToken, IUnknown* pHandler) = 0;
    virtual HRESULT MergeEnd() = 0;
};

// IMetaDataEmit2 {F5DD9950-F693-42E6-830E-7B833E8146A9}: generics (MethodSpec).
class IMetaDataEmit2 : public IMetaDataEmit
{
public:
    virtual HRESULT DefineMethodSpec(mdToken tkParent, PCCOR_SIGNATURE pvSigBlob, ULONG cbSigBlob, mdMethodSpec* pmi) = 0;
    virtual HRESULT GetDeltaSaveSize(CorSaveSize fSave, DWORD* pdwSaveSize) = 0;
    virtual HRESULT SaveDelta(LPCWSTR szFile, DWORD dwSaveFlags) = 0;
    virtual HRESULT SaveDeltaToStream(IStream* pIStream, DWORD dwSaveFlags) = 0;
    virtual HRESULT SaveDeltaToMemory(void* pbData, ULONG cbData) = 0;
    virtual HRESULT DefineGenericParam(mdToken tk, ULONG ulParamSeq, DWORD dwParamFlags, LPCWSTR szname, DWORD reserved,
                                       mdToken rtkConstraints[], mdGenericParam* pgp) = 0;
    virtual HRESULT SetGenericParamProps(mdGenericParam gp, DWORD dwParamFlags, LPCWSTR szName, DWORD reserved,
                                         mdToken rtkConstraints[]) = 0;
    virtual HRESULT ResetENCLog() = 0;
};

// IMetaDataAssemblyEmit {211EF15B-5317-4438-B196-DEC87B887693}
class IMetaDataAssemblyEmit : public IUnknown
{
public:
    virtual HRESULT DefineAssembly(const void* pbPublicKey, ULONG cbPublicKey, ULONG ulHashAlgId, LPCWSTR szName,
                                   const ASSEMBLYMETADATA* pMetaData, DWORD dwAssemblyFlags, mdAssembly* pma) = 0;
    virtual HRESULT DefineAssemblyRef(const void* pbPublicKeyOrToken, ULONG cbPublicKeyOrToken, LPCWSTR szName,
                                      const ASSEMBLYMETADATA* pMetaData, const void* pbHashValue, ULONG cbHashValue,
                                      DWORD dwAssemblyRefFlags, mdAssemblyRef* pmdar) = 0;
    virtual HRESULT DefineFile(LPCWSTR szName, const void* pbHashValue, ULONG cbHashValue, DWORD dwFileFlags, mdFile* pmdf) = 0;
    virtual HRESULT DefineExportedType(LPCWSTR szName, mdToken tkImplementation, mdTypeDef tkTypeDef, DWORD dwExportedTypeFlags,
                                       mdExportedType* pmdct) = 0;
    virtual HRESULT DefineManifestResource(LPCWSTR szName, mdToken tkImplementation, DWORD dwOffset, DWORD dwResourceFlags,
                                           mdManifestResource* pmdmr) = 0;
    virtual HRESULT SetAssemblyProps(mdAssembly pma, const void* pbPublicKey, ULONG cbPublicKey, ULONG ulHashAlgId, LPCWSTR szName,
                                     const ASSEMBLYMETADATA* pMetaData, DWORD dwAssemblyFlags) = 0;
    virtual HRESULT SetAssemblyRefProps(mdAssemblyRef ar, const void* pbPublicKeyOrToken, ULONG cbPublicKeyOrToken, LPCWSTR szName,
                                        const ASSEMBLYMETADATA* pMetaData, const void* pbHashValue, ULONG cbHashValue,
                                        DWORD dwAssemblyRefFlags) = 0;
    virtual HRESULT SetFileProps(mdFile file, const void* pbHashValue, ULONG cbHashValue, DWORD dwFileFlags) = 0;
    virtual HRESULT SetExportedTypeProps(mdExportedType ct, mdToken tkImplementation, mdTypeDef tkTypeDef, DWORD dwExportedTypeFlags) = 0;
};

// IMetaDataAssemblyImport {EE62470B-E94B-424E-9B7C-2F00C9249F93}
class IMetaDataAssemblyImport : public IUnknown
{
public:
    virtual HRESULT GetAssemblyProps(mdAssembly mda, const void** ppbPublicKey, ULONG* pcbPublicKey, ULONG* pulHashAlgId,
                                     LPWSTR szName, ULONG cchName, ULONG* pchName, ASSEMBLYMETADATA* pMetaData,
                                     DWORD* pdwAssemblyFlags) = 0;
    virtual HRESULT GetAssemblyRefProps(mdAssemblyRef mdar, const void** ppbPublicKeyOrToken, ULONG* pcbPublicKeyOrToken,
                                        LPWSTR szName, ULONG cchName, ULONG* pchName, ASSEMBLYMETADATA* pMetaData,
                                        const void** ppbHashValue, ULONG* pcbHashValue, DWORD* pdwAssemblyRefFlags) = 0;
    virtual HRESULT GetFileProps(mdFile mdf, LPWSTR szName, ULONG cchName, ULONG* pchName, const void** ppbHashValue,
                                 ULONG* pcbHashValue, DWORD* pdwFileFlags) = 0;
    virtual HRESULT GetExportedTypeProps(mdExportedType mdct, LPWSTR szName, ULONG cchName, ULONG* pchName,
                                         mdToken* ptkImplementation, mdTypeDef* ptkTypeDef, DWORD* pdwExportedTypeFlags) = 0;
    virtual HRESULT GetManifestResourceProps(mdManifestResource mdmr, LPWSTR szName, ULONG cchName, ULONG* pchName,
                                             mdToken* ptkImplementation, DWORD* pdwOffset, DWORD* pdwResourceFlags) = 0;
    virtual HRESULT EnumAssemblyRefs(HCORENUM* phEnum, mdAssemblyRef rAssemblyRefs[], ULONG cMax, ULONG* pcTokens) = 0;
    virtual HRESULT EnumFiles(HCORENUM* phEnum, mdFile rFiles[], ULONG cMax, ULONG* pcTokens) = 0;
    virtual HRESULT EnumExportedTypes(HCORENUM* phEnum, mdExportedType rExportedTypes[], ULONG cMax, ULONG* pcTokens) = 0;
    virtual HRESULT EnumManifestResources(HCORENUM* phEnum, mdManifestResource rManifestResources[], ULONG cMax, ULONG* pcTokens) = 0;
    virtual HRESULT GetAssemblyFromScope(mdAssembly* ptkAssembly) = 0;
    virtual HRESULT FindExportedTypeByName(LPCWSTR szName, mdToken mdtExportedType, mdExportedType* ptkExportedType) = 0;
    virtual HRESULT FindManifestResourceByName(LPCWSTR szName, mdManifestResource* ptkManifestResource) = 0;
    virtual void CloseEnum(HCORENUM hEnum) = 0;
    virtual HRESULT FindAssembliesByName(LPCWSTR szAppBase, LPCWSTR szPrivateBin, LPCWSTR szAssemblyName, IUnknown* ppIUnk[],
                                         ULONG cMax, ULONG* pcAssemblies) = 0;
};

constexpr IID IID_IMetaDataEmit2 = {0xF5DD9950, 0xF693, 0x42E6, {0x83, 0x0E, 0x7B, 0x83, 0x3E, 0x81, 0x46, 0xA9}};
constexpr IID IID_IMetaDataAssemblyEmit = {0x211EF15B, 0x5317, 0x4438, {0xB1, 0x96, 0xDE, 0xC8, 0x7B, 0x88, 0x76, 0x93}};
constexpr IID IID_IMetaDataAssemblyImport = {0xEE62470B, 0xE94B, 0x424E, {0x9B, 0x7C, 0x2F, 0x00, 0xC9, 0x24, 0x9F, 0x93}};

} // namespace dt
