// The few COM types the shim needs, declared from the public documentation of COM and the CLR
// profiling API (no runtime or Windows headers). On Linux x64 the CLR uses the System V calling
// convention for COM methods, WCHAR is a 16-bit UTF-16 code unit and LONG/ULONG are 32 bits.
#pragma once

#include <cstdint>
#include <cstring>

namespace dt {

using HRESULT = int32_t;
using ULONG = uint32_t;
using LONG = int32_t;
using DWORD = uint32_t;
using UINT = uint32_t;
using USHORT = uint16_t;
using BOOL = int32_t;
using BYTE = uint8_t;
using WCHAR = char16_t;
using ULONG32 = uint32_t;
using SIZE_T = size_t;
using UINT_PTR = uintptr_t;
using LPCBYTE = const BYTE*;
using LPCWSTR = const WCHAR*;
using LPWSTR = WCHAR*;
using HANDLE = void*;

struct GUID
{
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
};
using IID = GUID;
using CLSID = GUID;
using REFIID = const IID&;
using REFCLSID = const CLSID&;
using REFGUID = const GUID&;

inline bool operator==(const GUID& a, const GUID& b) { return std::memcmp(&a, &b, sizeof(GUID)) == 0; }
inline bool operator!=(const GUID& a, const GUID& b) { return !(a == b); }

constexpr HRESULT S_OK = 0;
constexpr HRESULT S_FALSE = 1;
constexpr HRESULT E_NOTIMPL = static_cast<HRESULT>(0x80004001);
constexpr HRESULT E_NOINTERFACE = static_cast<HRESULT>(0x80004002);
constexpr HRESULT E_POINTER = static_cast<HRESULT>(0x80004003);
constexpr HRESULT E_FAIL = static_cast<HRESULT>(0x80004005);
constexpr HRESULT E_OUTOFMEMORY = static_cast<HRESULT>(0x8007000E);
constexpr HRESULT E_INVALIDARG = static_cast<HRESULT>(0x80070057);
constexpr HRESULT CLASS_E_NOAGGREGATION = static_cast<HRESULT>(0x80040110);
constexpr HRESULT CLASS_E_CLASSNOTAVAILABLE = static_cast<HRESULT>(0x80040111);
// HRESULT_FROM_WIN32(ERROR_TIMEOUT): the worker thread did not answer in time.
constexpr HRESULT HRESULT_TIMEOUT = static_cast<HRESULT>(0x800705B4);
// CORPROF_E_PROFILER_NOT_ATTACHED-like answer of the C API when no profiler instance is live.
constexpr HRESULT CORPROF_E_PROFILER_NOT_ATTACHED_SHIM = static_cast<HRESULT>(0x80131362);

inline bool Failed(HRESULT hr) { return hr < 0; }
inline bool Succeeded(HRESULT hr) { return hr >= 0; }

// IUnknown {00000000-0000-0000-C000-000000000046}
class IUnknown
{
public:
    virtual HRESULT QueryInterface(REFIID riid, void** ppvObject) = 0;
    virtual ULONG AddRef() = 0;
    virtual ULONG Release() = 0;
};

// IClassFactory {00000001-0000-0000-C000-000000000046}
class IClassFactory : public IUnknown
{
public:
    virtual HRESULT CreateInstance(IUnknown* pUnkOuter, REFIID riid, void** ppvObject) = 0;
    virtual HRESULT LockServer(BOOL fLock) = 0;
};

constexpr IID IID_IUnknown = {0x00000000, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
constexpr IID IID_IClassFactory = {0x00000001, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};

// Releases a COM pointer when it goes out of scope.
template <typename T>
class ComPtr
{
public:
    ComPtr() = default;
    ComPtr(const ComPtr&) = delete;
    ComPtr& operator=(const ComPtr&) = delete;
    ~ComPtr() { Reset(); }
    T* Get() const { return ptr_; }
    T* operator->() const { return ptr_; }
    explicit operator bool() const { return ptr_ != nullptr; }
    T** Out() { Reset(); return &ptr_; }
    void** OutVoid() { return reinterpret_cast<void**>(Out()); }
    IUnknown** OutUnknown() { return reinterpret_cast<IUnknown**>(Out()); }
    void Reset()
    {
        if (ptr_ != nullptr)
        {
            ptr_->Release();
            ptr_ = nullptr;
        }
    }

private:
    T* ptr_ = nullptr;
};

} // namespace dt
