#include "class_factory.h"

namespace dt {

ClassFactory::ClassFactory(std::function<IUnknown*()> create) : create_(std::move(create))
{
}

HRESULT ClassFactory::QueryInterface(REFIID riid, void** ppvObject)
{
    if (ppvObject == nullptr)
    {
        return E_POINTER;
    }
    if (riid == IID_IUnknown || riid == IID_IClassFactory)
    {
        *ppvObject = static_cast<IClassFactory*>(this);
        AddRef();
        return S_OK;
    }
    *ppvObject = nullptr;
    return E_NOINTERFACE;
}

ULONG ClassFactory::AddRef()
{
    return ++refCount_;
}

ULONG ClassFactory::Release()
{
    ULONG remaining = --refCount_;
    if (remaining == 0)
    {
        delete this;
    }
    return remaining;
}

HRESULT ClassFactory::CreateInstance(IUnknown* pUnkOuter, REFIID riid, void** ppvObject)
{
    if (ppvObject == nullptr)
    {
        return E_POINTER;
    }
    *ppvObject = nullptr;
    if (pUnkOuter != nullptr)
    {
        return CLASS_E_NOAGGREGATION;
    }
    IUnknown* object = create_ ? create_() : nullptr;
    if (object == nullptr)
    {
        return E_OUTOFMEMORY;
    }
    // The caller's reference comes from QueryInterface; ours (from creation) is dropped, so an
    // unsupported interface frees the object again.
    HRESULT hr = object->QueryInterface(riid, ppvObject);
    object->Release();
    return hr;
}

HRESULT ClassFactory::LockServer(BOOL)
{
    return S_OK;
}

} // namespace dt
