// The IL bodies the managed weaver produced, kept per (module, methodDef) from the moment the agent
// hands them over until the runtime asks for them in GetReJITParameters, plus the outcome of each
// request so the agent can report a failed ReJIT. Thread-safe: the agent writes from managed
// threads, the runtime reads from its own.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace dt {

enum class ReJitState : int32_t
{
    Unknown = 0,      // no body stored for this method
    BodyStored = 1,   // body stored, ReJIT not requested yet (or request pending)
    Requested = 2,    // RequestReJIT accepted
    BodyDelivered = 3, // the runtime took the body in GetReJITParameters
    Reverted = 4,     // RequestRevert succeeded
    Failed = -1,      // ReJITError or a failed request; the HRESULT is kept
};

struct ReJitStatus
{
    ReJitState state = ReJitState::Unknown;
    int32_t hresult = 0;
};

class IlBodyStore
{
public:
    using Key = std::pair<uintptr_t, uint32_t>; // (ModuleID, mdMethodDef)

    // Copies the body; replaces an earlier one for the same method.
    void Put(uintptr_t moduleId, uint32_t methodDef, const uint8_t* body, size_t size);
    // Copies the stored body into `out`; false when none is stored.
    bool Get(uintptr_t moduleId, uint32_t methodDef, std::vector<uint8_t>& out) const;
    // The body's IL offset map, (original offset, new offset) pairs sorted by both: how the runtime maps frames of
    // the woven code back to the original's sequence points. Put() of a new body drops the map of the old one.
    void PutOffsetMap(uintptr_t moduleId, uint32_t methodDef, std::vector<std::pair<uint32_t, uint32_t>> map);
    bool GetOffsetMap(uintptr_t moduleId, uint32_t methodDef, std::vector<std::pair<uint32_t, uint32_t>>& out) const;
    void Remove(uintptr_t moduleId, uint32_t methodDef);
    // Drops every body and status of a module (it was unloaded).
    void RemoveModule(uintptr_t moduleId);
    size_t Count() const;

    void SetStatus(uintptr_t moduleId, uint32_t methodDef, ReJitState state, int32_t hresult = 0);
    ReJitStatus GetStatus(uintptr_t moduleId, uint32_t methodDef) const;

private:
    mutable std::mutex mutex_;
    std::map<Key, std::vector<uint8_t>> bodies_;
    std::map<Key, std::vector<std::pair<uint32_t, uint32_t>>> offsetMaps_;
    std::map<Key, ReJitStatus> statuses_;
};

} // namespace dt
