// The C API of the shim, as the managed agent sees it (DotnetTelemetry.Agent/Native/ShimApi.cs
// mirrors it). Strings are UTF-16 (char16_t); tokens are metadata tokens of the LIVE module;
// results are HRESULTs (0 = S_OK, 1 = S_FALSE "already there", negative = failure) unless noted.
#pragma once

#include <cstdint>

#define SHIM_EXPORT extern "C" __attribute__((visibility("default")))
#define DT_SHIM_API_VERSION 3

SHIM_EXPORT int32_t dt_shim_api_version();
// 1 when the runtime loaded and initialised the profiler in this process (startup or attach).
SHIM_EXPORT int32_t dt_shim_is_attached();
// 0 not loaded, 1 startup (CORECLR_ENABLE_PROFILING), 2 attach (AttachProfiler).
SHIM_EXPORT int32_t dt_shim_load_mode();
// The client data AttachProfiler passed (the CLI's configuration). Returns its full size.
SHIM_EXPORT int32_t dt_shim_client_data(uint8_t* buffer, int32_t capacity);

// Module lookup. Counts/lengths are the full sizes (call again with a bigger buffer if needed);
// -1 when the module is unknown; 0 as a ModuleID means "not found".
SHIM_EXPORT int32_t dt_shim_module_ids(uint64_t* ids, int32_t capacity);
SHIM_EXPORT int32_t dt_shim_module_path(uint64_t moduleId, char16_t* buffer, int32_t capacity);
SHIM_EXPORT int32_t dt_shim_module_assembly_name(uint64_t moduleId, char16_t* buffer, int32_t capacity);
SHIM_EXPORT uint64_t dt_shim_find_module_by_path(const char16_t* path);
SHIM_EXPORT uint64_t dt_shim_find_module_by_assembly(const char16_t* assemblyName);

// Metadata emit into a loaded module; call dt_shim_apply_metadata before IL uses the new tokens.
SHIM_EXPORT int32_t dt_shim_define_assembly_ref(uint64_t moduleId, const char16_t* name, uint16_t major, uint16_t minor,
                                                uint16_t build, uint16_t revision, const uint8_t* publicKeyOrToken,
                                                int32_t publicKeyLength, uint32_t flags, uint32_t* token);
SHIM_EXPORT int32_t dt_shim_define_type_ref(uint64_t moduleId, uint32_t resolutionScope, const char16_t* name, uint32_t* token);
SHIM_EXPORT int32_t dt_shim_define_member_ref(uint64_t moduleId, uint32_t parent, const char16_t* name, const uint8_t* signature,
                                              int32_t signatureLength, uint32_t* token);
SHIM_EXPORT int32_t dt_shim_define_method_spec(uint64_t moduleId, uint32_t parent, const uint8_t* signature,
                                               int32_t signatureLength, uint32_t* token);
SHIM_EXPORT int32_t dt_shim_define_type_spec(uint64_t moduleId, const uint8_t* signature, int32_t signatureLength, uint32_t* token);
SHIM_EXPORT int32_t dt_shim_define_standalone_sig(uint64_t moduleId, const uint8_t* signature, int32_t signatureLength,
                                                  uint32_t* token);
SHIM_EXPORT int32_t dt_shim_define_user_string(uint64_t moduleId, const char16_t* text, int32_t length, uint32_t* token);
SHIM_EXPORT int32_t dt_shim_apply_metadata(uint64_t moduleId);

// ReJIT. The body is a complete CorILMethod (header, code, EH sections) with live-module tokens;
// it is copied and handed to the runtime when it asks (GetReJITParameters).
SHIM_EXPORT int32_t dt_shim_set_il_body(uint64_t moduleId, uint32_t methodDef, const uint8_t* body, int32_t size);
// The stored body's IL offset map: `count` (original offset, new offset) pairs, sorted by both. Optional; set after
// the body (storing a body drops an earlier map). The runtime uses it to give frames their original source lines.
SHIM_EXPORT int32_t dt_shim_set_il_offset_map(uint64_t moduleId, uint32_t methodDef, const uint32_t* originalOffsets,
                                              const uint32_t* newOffsets, int32_t count);
// Runs RequestReJIT / RequestRevert on the shim's native thread and waits up to timeoutMs.
SHIM_EXPORT int32_t dt_shim_request_rejit(int32_t count, const uint64_t* moduleIds, const uint32_t* methodDefs, int32_t timeoutMs);
SHIM_EXPORT int32_t dt_shim_request_revert(int32_t count, const uint64_t* moduleIds, const uint32_t* methodDefs, int32_t* statuses,
                                           int32_t timeoutMs);
// ReadyToRun: the methods of `inlinersModule` whose precompiled code inlined one of `inlinees` (methods
// of `inlineeModule`). They need a ReJIT too (with their own IL: no body stored), or the inlined copy
// keeps running un-woven. Fills up to `capacity` tokens; *count gets the total; *incomplete is 1 when
// the runtime says the list may miss some (dependencies not loaded yet).
SHIM_EXPORT int32_t dt_shim_find_r2r_inliners(uint64_t inlinersModule, uint64_t inlineeModule, int32_t inlineeCount,
                                              const uint32_t* inlinees, uint32_t* inliners, int32_t capacity, int32_t* count,
                                              int32_t* incomplete);
// State of one method: 0 unknown, 1 body stored, 2 requested, 3 body delivered, 4 reverted,
// -1 failed (the HRESULT in *hresult).
SHIM_EXPORT int32_t dt_shim_rejit_status(uint64_t moduleId, uint32_t methodDef, int32_t* hresult);
