// The modules the runtime has loaded, as the profiler saw them (ModuleLoadFinished, or the
// runtime's module list when the profiler attaches late): id, file path and assembly name, so that
// the managed agent can find the live ModuleID of an assembly it wants to weave.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace dt {

struct ModuleRecord
{
    uintptr_t id = 0;
    std::u16string path;
    std::u16string assemblyName;
};

class ModuleTable
{
public:
    void Add(const ModuleRecord& record);
    void Remove(uintptr_t moduleId);
    bool Find(uintptr_t moduleId, ModuleRecord& out) const;
    // Latest module loaded from `path` (exact match), or 0.
    uintptr_t FindByPath(const std::u16string& path) const;
    // Latest module of assembly `name` (exact match), or 0.
    uintptr_t FindByAssemblyName(const std::u16string& name) const;
    std::vector<uintptr_t> Ids() const;
    size_t Count() const;

private:
    mutable std::mutex mutex_;
    std::map<uintptr_t, ModuleRecord> modules_;
    std::vector<uintptr_t> loadOrder_;
};

} // namespace dt
