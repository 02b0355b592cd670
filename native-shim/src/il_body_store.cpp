#include "il_body_store.h"

namespace dt {

void IlBodyStore::Put(uintptr_t moduleId, uint32_t methodDef, const uint8_t* body, size_t size)
{
    std::vector<uint8_t> copy(body, body + size);
    std::lock_guard<std::mutex> lock(mutex_);
    bodies_[Key(moduleId, methodDef)] = std::move(copy);
    offsetMaps_.erase(Key(moduleId, methodDef));
    statuses_[Key(moduleId, methodDef)] = ReJitStatus{ReJitState::BodyStored, 0};
}

void IlBodyStore::PutOffsetMap(uintptr_t moduleId, uint32_t methodDef, std::vector<std::pair<uint32_t, uint32_t>> map)
{
    std::lock_guard<std::mutex> lock(mutex_);
    offsetMaps_[Key(moduleId, methodDef)] = std::move(map);
}

bool IlBodyStore::GetOffsetMap(uintptr_t moduleId, uint32_t methodDef, std::vector<std::pair<uint32_t, uint32_t>>& out) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = offsetMaps_.find(Key(moduleId, methodDef));
    if (found == offsetMaps_.end())
    {
        return false;
    }
    out = found->second;
    return true;
}

bool IlBodyStore::Get(uintptr_t moduleId, uint32_t methodDef, std::vector<uint8_t>& out) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = bodies_.find(Key(moduleId, methodDef));
    if (found == bodies_.end())
    {
        return false;
    }
    out = found->second;
    return true;
}

void IlBodyStore::Remove(uintptr_t moduleId, uint32_t methodDef)
{
    std::lock_guard<std::mutex> lock(mutex_);
    bodies_.erase(Key(moduleId, methodDef));
    offsetMaps_.erase(Key(moduleId, methodDef));
}

void IlBodyStore::RemoveModule(uintptr_t moduleId)
{
    std::lock_guard<std::mutex> lock(mutex_);
    bodies_.erase(bodies_.lower_bound(Key(moduleId, 0)), bodies_.upper_bound(Key(moduleId, UINT32_MAX)));
    offsetMaps_.erase(offsetMaps_.lower_bound(Key(moduleId, 0)), offsetMaps_.upper_bound(Key(moduleId, UINT32_MAX)));
    statuses_.erase(statuses_.lower_bound(Key(moduleId, 0)), statuses_.upper_bound(Key(moduleId, UINT32_MAX)));
}

size_t IlBodyStore::Count() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return bodies_.size();
}

void IlBodyStore::SetStatus(uintptr_t moduleId, uint32_t methodDef, ReJitState state, int32_t hresult)
{
    std::lock_guard<std::mutex> lock(mutex_);
    statuses_[Key(moduleId, methodDef)] = ReJitStatus{state, hresult};
}

ReJitStatus IlBodyStore::GetStatus(uintptr_t moduleId, uint32_t methodDef) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = statuses_.find(Key(moduleId, methodDef));
    return found == statuses_.end() ? ReJitStatus{} : found->second;
}

} // namespace dt
