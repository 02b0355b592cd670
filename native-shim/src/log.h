// Diagnostics of the shim: off by default (the app's output must stay untouched); set
// DOTNET_TELEMETRY_SHIM_LOG=1 to get one line per notable event on stderr.
#pragma once

namespace dt {

void LogLine(const char* format, ...) __attribute__((format(printf, 1, 2)));

} // namespace dt
