#include "log.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace dt {

namespace {
bool LoggingEnabled()
{
    static const bool enabled = [] {
        const char* value = std::getenv("DOTNET_TELEMETRY_SHIM_LOG");
        return value != nullptr && (std::strcmp(value, "1") == 0 || std::strcmp(value, "true") == 0);
    }();
    return enabled;
}
} // namespace

void LogLine(const char* format, ...)
{
    if (!LoggingEnabled())
    {
        return;
    }
    char buffer[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    std::fprintf(stderr, "[dotnet-telemetry shim] %s\n", buffer);
}

} // namespace dt
