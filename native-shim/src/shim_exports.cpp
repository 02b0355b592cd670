// Placeholder exports of the profiler shim; the profiler itself arrives with the native shim issue.
#include <cstdint>

#define SHIM_EXPORT extern "C" __attribute__((visibility("default")))

// Version of the C API the managed agent calls; bumped whenever an export changes.
SHIM_EXPORT int32_t dt_shim_api_version() { return 1; }
