// Stand-ins for the runtime's metadata interfaces in the shim's unit tests: every method answers
// E_NOTIMPL; tests derive from them and override what the C API calls. (IUnknown is left to the test.)
#pragma once

#include "interfaces/metadata.h"

namespace dt::testing {

class FakeMetaDataEmitBase : public IMetaDataEmit2
{
public:
    virtual ~FakeMetaDataEmitBase() = default;
    // IMetaDataEmit
    HRESULT SetModuleProps(LPCWSTR szName) override { return E_NOTIMPL; }
    HRESULT Save(LPCWSTR szFile, DWORD dwSaveFlags) override { return E_NOTIMPL; }
    HRESULT SaveToStream(IStream* pIStream, DWORD dwSaveFlags) override { return E_NOTIMPL; }
    HRESULT GetSaveSize(CorSaveSize fSave, DWORD* pdwSaveSize) override { return E_NOTIMPL; }
    HRESULT DefineTypeDef(LPCWSTR szTypeDef, DWORD dwTypeDefFlags, mdToken tkExtends, mdToken rtkImplements[], mdTypeDef* ptd) override { return E_NOTIMPL; }
    HRESULT DefineNestedType(LPCWSTR szTypeDef, DWORD dwTypeDefFlags, mdToken tkExtends, mdToken rtkImplements[], mdTypeDef tdEncloser, mdTypeDef* ptd) override { return E_NOTIMPL; }
    HRESULT SetHandler(IUnknown* pUnk) override { return E_NOTIMPL; }
    HRESULT DefineMethod(mdTypeDef td, LPCWSTR szName, DWORD dwMethodFlags, PCCOR_SIGNATURE pvSigBlob, ULONG cbSigBlob, ULONG ulCodeRVA, DWORD dwImplFlags, mdMethodDef* pmd) override { return E_NOTIMPL; }
    HRESULT DefineMethodImpl(mdTypeDef td, mdToken tkBody, mdToken tkDecl) override { return E_NOTIMPL; }
    HRESULT DefineTypeRefByName(mdToken tkResolutionScope, LPCWSTR szName, mdTypeRef* ptr) override { return E_NOTIMPL; }
    HRESULT DefineImportType(IMetaDataAssemblyImport* pAssemImport, const void* pbHashValue, ULONG cbHashValue, IMetaDataImport* pImport, mdTypeDef tdImport, IUnknown* pAssemEmit, mdTypeRef* ptr) override { return E_NOTIMPL; }
    HRESULT DefineMemberRef(mdToken tkImport, LPCWSTR szName, PCCOR_SIGNATURE pvSigBlob, ULONG cbSigBlob, mdMemberRef* pmr) override { return E_NOTIMPL; }
    HRESULT DefineImportMember(IMetaDataAssemblyImport* pAssemImport, const void* pbHashValue, ULONG cbHashValue, IMetaDataImport* pImport, mdToken mbMember, IUnknown* pAssemEmit, mdToken tkParent, mdMemberRef* pmr) override { return E_NOTIMPL; }
    HRESULT DefineEvent(mdTypeDef td, LPCWSTR szEvent, DWORD dwEventFlags, mdToken tkEventType, mdMethodDef mdAddOn, mdMethodDef mdRemoveOn, mdMethodDef mdFire, mdMethodDef rmdOtherMethods[], mdEvent* pmdEvent) override { return E_NOTIMPL; }
    HRESULT SetClassLayout(mdTypeDef td, DWORD dwPackSize, COR_FIELD_OFFSET rFieldOffsets[], ULONG ulClassSize) override { return E_NOTIMPL; }
    HRESULT DeleteClassLayout(mdTypeDef td) override { return E_NOTIMPL; }
    HRESULT SetFieldMarshal(mdToken tk, PCCOR_SIGNATURE pvNativeType, ULONG cbNativeType) override { return E_NOTIMPL; }
    HRESULT DeleteFieldMarshal(mdToken tk) override { return E_NOTIMPL; }
    HRESULT DefinePermissionSet(mdToken tk, DWORD dwAction, const void* pvPermission, ULONG cbPermission, mdPermission* ppm) override { return E_NOTIMPL; }
    HRESULT SetRVA(mdMethodDef md, ULONG ulRVA) override { return E_NOTIMPL; }
    HRESULT GetTokenFromSig(PCCOR_SIGNATURE pvSig, ULONG cbSig, mdSignature* pmsig) override { return E_NOTIMPL; }
    HRESULT DefineModuleRef(LPCWSTR szName, mdModuleRef* pmur) override { return E_NOTIMPL; }
    HRESULT SetParent(mdMemberRef mr, mdToken tk) override { return E_NOTIMPL; }
    HRESULT GetTokenFromTypeSpec(PCCOR_SIGNATURE pvSig, ULONG cbSig, mdTypeSpec* ptypespec) override { return E_NOTIMPL; }
    HRESULT SaveToMemory(void* pbData, ULONG cbData) override { return E_NOTIMPL; }
    HRESULT DefineUserString(LPCWSTR szString, ULONG cchString, mdString* pstk) override { return E_NOTIMPL; }
    HRESULT DeleteToken(mdToken tkObj) override { return E_NOTIMPL; }
    HRESULT SetMethodProps(mdMethodDef md, DWORD dwMethodFlags, ULONG ulCodeRVA, DWORD dwImplFlags) override { return E_NOTIMPL; }
    HRESULT SetTypeDefProps(mdTypeDef td, DWORD dwTypeDefFlags, mdToken tkExtends, mdToken rtkImplements[]) override { return E_NOTIMPL; }
    HRESULT SetEventProps(mdEvent ev, DWORD dwEventFlags, mdToken tkEventType, mdMethodDef mdAddOn, mdMethodDef mdRemoveOn, mdMethodDef mdFire, mdMethodDef rmdOtherMethods[]) override { return E_NOTIMPL; }
    HRESULT SetPermissionSetProps(mdToken tk, DWORD dwAction, const void* pvPermission, ULONG cbPermission, mdPermission* ppm) override { return E_NOTIMPL; }
    HRESULT DefinePinvokeMap(mdToken tk, DWORD dwMappingFlags, LPCWSTR szImportName, mdModuleRef mrImportDLL) override { return E_NOTIMPL; }
    HRESULT SetPinvokeMap(mdToken tk, DWORD dwMappingFlags, LPCWSTR szImportName, mdModuleRef mrImportDLL) override { return E_NOTIMPL; }
    HRESULT DeletePinvokeMap(mdToken tk) override { return E_NOTIMPL; }
    HRESULT DefineCustomAttribute(mdToken tkOwner, mdToken tkCtor, const void* pCustomAttribute, ULONG cbCustomAttribute, mdCustomAttribute* pcv) override { return E_NOTIMPL; }
    HRESULT SetCustomAttributeValue(mdCustomAttribute pcv, const void* pCustomAttribute, ULONG cbCustomAttribute) override { return E_NOTIMPL; }
    HRESULT DefineField(mdTypeDef td, LPCWSTR szName, DWORD dwFieldFlags, PCCOR_SIGNATURE pvSigBlob, ULONG cbSigBlob, DWORD dwCPlusTypeFlag, const void* pValue, ULONG cchValue, mdFieldDef* pmd) override { return E_NOTIMPL; }
    HRESULT DefineProperty(mdTypeDef td, LPCWSTR szProperty, DWORD dwPropFlags, PCCOR_SIGNATURE pvSig, ULONG cbSig, DWORD dwCPlusTypeFlag, const void* pValue, ULONG cchValue, mdMethodDef mdSetter, mdMethodDef mdGetter, mdMethodDef rmdOtherMethods[], mdProperty* pmdProp) override { return E_NOTIMPL; }
    HRESULT DefineParam(mdMethodDef md, ULONG ulParamSeq, LPCWSTR szName, DWORD dwParamFlags, DWORD dwCPlusTypeFlag, const void* pValue, ULONG cchValue, mdParamDef* ppd) override { return E_NOTIMPL; }
    HRESULT SetFieldProps(mdFieldDef fd, DWORD dwFieldFlags, DWORD dwCPlusTypeFlag, const void* pValue, ULONG cchValue) override { return E_NOTIMPL; }
    HRESULT SetPropertyProps(mdProperty pr, DWORD dwPropFlags, DWORD dwCPlusTypeFlag, const void* pValue, ULONG cchValue, mdMethodDef mdSetter, mdMethodDef mdGetter, mdMethodDef rmdOtherMethods[]) override { return E_NOTIMPL; }
    HRESULT SetParamProps(mdParamDef pd, LPCWSTR szName, DWORD dwParamFlags, DWORD dwCPlusTypeFlag, const void* pValue, ULONG cchValue) override { return E_NOTIMPL; }
    HRESULT DefineSecurityAttributeSet(mdToken tkObj, COR_SECATTR rSecAttrs[], ULONG cSecAttrs, ULONG* pulErrorAttr) override { return E_NOTIMPL; }
    HRESULT ApplyEditAndContinue(IUnknown* pImport) override { return E_NOTIMPL; }
    HRESULT TranslateSigWithScope(IMetaDataAssemblyImport* pAssemImport, const void* pbHashValue, ULONG cbHashValue, IMetaDataImport* import, PCCOR_SIGNATURE pbSigBlob, ULONG cbSigBlob, IUnknown* pAssemEmit, IMetaDataEmit* emit, PCOR_SIGNATURE pvTranslatedSig, ULONG cbTranslatedSigMax, ULONG* pcbTranslatedSig) override { return E_NOTIMPL; }
    HRESULT SetMethodImplFlags(mdMethodDef md, DWORD dwImplFlags) override { return E_NOTIMPL; }
    HRESULT SetFieldRVA(mdFieldDef fd, ULONG ulRVA) override { return E_NOTIMPL; }
    HRESULT Merge(IMetaDataImport* pImport, IMapToken* pHostMapToken, IUnknown* pHandler) override { return E_NOTIMPL; }
    HRESULT MergeEnd() override { return E_NOTIMPL; }
    // IMetaDataEmit2
    HRESULT DefineMethodSpec(mdToken tkParent, PCCOR_SIGNATURE pvSigBlob, ULONG cbSigBlob, mdMethodSpec* pmi) override { return E_NOTIMPL; }
    HRESULT GetDeltaSaveSize(CorSaveSize fSave, DWORD* pdwSaveSize) override { return E_NOTIMPL; }
    HRESULT SaveDelta(LPCWSTR szFile, DWORD dwSaveFlags) override { return E_NOTIMPL; }
    HRESULT SaveDeltaToStream(IStream* pIStream, DWORD dwSaveFlags) override { return E_NOTIMPL; }
    HRESULT SaveDeltaToMemory(void* pbData, ULONG cbData) override { return E_NOTIMPL; }
    HRESULT DefineGenericParam(mdToken tk, ULONG ulParamSeq, DWORD dwParamFlags, LPCWSTR szname, DWORD reserved, mdToken rtkConstraints[], mdGenericParam* pgp) override { return E_NOTIMPL; }
    HRESULT SetGenericParamProps(mdGenericParam gp, DWORD dwParamFlags, LPCWSTR szName, DWORD reserved, mdToken rtkConstraints[]) override { return E_NOTIMPL; }
    HRESULT ResetENCLog() override { return E_NOTIMPL; }
};

class FakeAssemblyEmitBase : public IMetaDataAssemblyEmit
{
public:
    virtual ~FakeAssemblyEmitBase() = default;
    HRESULT DefineAssembly(const void* pbPublicKey, ULONG cbPublicKey, ULONG ulHashAlgId, LPCWSTR szName, const ASSEMBLYMETADATA* pMetaData, DWORD dwAssemblyFlags, mdAssembly* pma) override { return E_NOTIMPL; }
    HRESULT DefineAssemblyRef(const void* pbPublicKeyOrToken, ULONG cbPublicKeyOrToken, LPCWSTR szName, const ASSEMBLYMETADATA* pMetaData, const void* pbHashValue, ULONG cbHashValue, DWORD dwAssemblyRefFlags, mdAssemblyRef* pmdar) override { return E_NOTIMPL; }
    HRESULT DefineFile(LPCWSTR szName, const void* pbHashValue, ULONG cbHashValue, DWORD dwFileFlags, mdFile* pmdf) override { return E_NOTIMPL; }
    HRESULT DefineExportedType(LPCWSTR szName, mdToken tkImplementation, mdTypeDef tkTypeDef, DWORD dwExportedTypeFlags, mdExportedType* pmdct) override { return E_NOTIMPL; }
    HRESULT DefineManifestResource(LPCWSTR szName, mdToken tkImplementation, DWORD dwOffset, DWORD dwResourceFlags, mdManifestResource* pmdmr) override { return E_NOTIMPL; }
    HRESULT SetAssemblyProps(mdAssembly pma, const void* pbPublicKey, ULONG cbPublicKey, ULONG ulHashAlgId, LPCWSTR szName, const ASSEMBLYMETADATA* pMetaData, DWORD dwAssemblyFlags) override { return E_NOTIMPL; }
    HRESULT SetAssemblyRefProps(mdAssemblyRef ar, const void* pbPublicKeyOrToken, ULONG cbPublicKeyOrToken, LPCWSTR szName, const ASSEMBLYMETADATA* pMetaData, const void* pbHashValue, ULONG cbHashValue, DWORD dwAssemblyRefFlags) override { return E_NOTIMPL; }
    HRESULT SetFileProps(mdFile file, const void* pbHashValue, ULONG cbHashValue, DWORD dwFileFlags) override { return E_NOTIMPL; }
    HRESULT SetExportedTypeProps(mdExportedType ct, mdToken tkImplementation, mdTypeDef tkTypeDef, DWORD dwExportedTypeFlags) override { return E_NOTIMPL; }
};

class FakeAssemblyImportBase : public IMetaDataAssemblyImport
{
public:
    virtual ~FakeAssemblyImportBase() = default;
    HRESULT GetAssemblyProps(mdAssembly mda, const void** ppbPublicKey, ULONG* pcbPublicKey, ULONG* pulHashAlgId, LPWSTR szName, ULONG cchName, ULONG* pchName, ASSEMBLYMETADATA* pMetaData, DWORD* pdwAssemblyFlags) override { return E_NOTIMPL; }
    HRESULT GetAssemblyRefProps(mdAssemblyRef mdar, const void** ppbPublicKeyOrToken, ULONG* pcbPublicKeyOrToken, LPWSTR szName, ULONG cchName, ULONG* pchName, ASSEMBLYMETADATA* pMetaData, const void** ppbHashValue, ULONG* pcbHashValue, DWORD* pdwAssemblyRefFlags) override { return E_NOTIMPL; }
    HRESULT GetFileProps(mdFile mdf, LPWSTR szName, ULONG cchName, ULONG* pchName, const void** ppbHashValue, ULONG* pcbHashValue, DWORD* pdwFileFlags) override { return E_NOTIMPL; }
    HRESULT GetExportedTypeProps(mdExportedType mdct, LPWSTR szName, ULONG cchName, ULONG* pchName, mdToken* ptkImplementation, mdTypeDef* ptkTypeDef, DWORD* pdwExportedTypeFlags) override { return E_NOTIMPL; }
    HRESULT GetManifestResourceProps(mdManifestResource mdmr, LPWSTR szName, ULONG cchName, ULONG* pchName, mdToken* ptkImplementation, DWORD* pdwOffset, DWORD* pdwResourceFlags) override { return E_NOTIMPL; }
    HRESULT EnumAssemblyRefs(HCORENUM* phEnum, mdAssemblyRef rAssemblyRefs[], ULONG cMax, ULONG* pcTokens) override { return E_NOTIMPL; }
    HRESULT EnumFiles(HCORENUM* phEnum, mdFile rFiles[], ULONG cMax, ULONG* pcTokens) override { return E_NOTIMPL; }
    HRESULT EnumExportedTypes(HCORENUM* phEnum, mdExportedType rExportedTypes[], ULONG cMax, ULONG* pcTokens) override { return E_NOTIMPL; }
    HRESULT EnumManifestResources(HCORENUM* phEnum, mdManifestResource rManifestResources[], ULONG cMax, ULONG* pcTokens) override { return E_NOTIMPL; }
    HRESULT GetAssemblyFromScope(mdAssembly* ptkAssembly) override { return E_NOTIMPL; }
    HRESULT FindExportedTypeByName(LPCWSTR szName, mdToken mdtExportedType, mdExportedType* ptkExportedType) override { return E_NOTIMPL; }
    HRESULT FindManifestResourceByName(LPCWSTR szName, mdManifestResource* ptkManifestResource) override { return E_NOTIMPL; }
    void CloseEnum(HCORENUM hEnum) override { }
    HRESULT FindAssembliesByName(LPCWSTR szAppBase, LPCWSTR szPrivateBin, LPCWSTR szAssemblyName, IUnknown* ppIUnk[], ULONG cMax, ULONG* pcAssemblies) override { return E_NOTIMPL; }
};

} // namespace dt::testing
