#include "module_table.h"

#include <algorithm>

namespace dt {

void ModuleTable::Add(const ModuleRecord& record)
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (modules_.find(record.id) == modules_.end())
    {
        loadOrder_.push_back(record.id);
    }
    modules_[record.id] = record;
}

void ModuleTable::Remove(uintptr_t moduleId)
{
    std::lock_guard<std::mutex> lock(mutex_);
    modules_.erase(moduleId);
    loadOrder_.erase(std::remove(loadOrder_.begin(), loadOrder_.end(), moduleId), loadOrder_.end());
}

bool ModuleTable::Find(uintptr_t moduleId, ModuleRecord& out) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = modules_.find(moduleId);
    if (found == modules_.end())
    {
        return false;
    }
    out = found->second;
    return true;
}

uintptr_t ModuleTable::FindByPath(const std::u16string& path) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = loadOrder_.rbegin(); it != loadOrder_.rend(); ++it)
    {
        if (modules_.at(*it).path == path)
        {
            return *it;
        }
    }
    return 0;
}

uintptr_t ModuleTable::FindByAssemblyName(const std::u16string& name) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = loadOrder_.rbegin(); it != loadOrder_.rend(); ++it)
    {
        if (modules_.at(*it).assemblyName == name)
        {
            return *it;
        }
    }
    return 0;
}

std::vector<uintptr_t> ModuleTable::Ids() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return loadOrder_;
}

size_t ModuleTable::Count() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return modules_.size();
}

} // namespace dt
