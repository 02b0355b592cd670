// The COM class factory the runtime asks for through DllGetClassObject. It makes one kind of
// object (given as a function), refuses aggregation and hands out only the interfaces it has.
#pragma once

#include <atomic>
#include <functional>

#include "interfaces/com_types.h"

namespace dt {

class ClassFactory final : public IClassFactory
{
public:
    // `create` returns a new object with a reference count of 1, or nullptr.
    explicit ClassFactory(std::function<IUnknown*()> create);

    HRESULT QueryInterface(REFIID riid, void** ppvObject) override;
    ULONG AddRef() override;
    ULONG Release() override;
    HRESULT CreateInstance(IUnknown* pUnkOuter, REFIID riid, void** ppvObject) override;
    HRESULT LockServer(BOOL fLock) override;

private:
    std::atomic<ULONG> refCount_{1};
    std::function<IUnknown*()> create_;
};

} // namespace dt
