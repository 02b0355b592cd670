using dnlib.DotNet;
using DotnetTelemetry.Weaver;
using DotnetTelemetry.Weaver.IO;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// Load-time weaving of one loaded module: read it from its file with dnlib, let the transform
/// rewrite the selected methods in memory, serialise each body with the live module's tokens, and
/// hand them to the shim for ReJIT in one batch. Nothing is written to disk. A method that cannot be
/// prepared, or that the runtime refuses, keeps its original code and is reported.
/// </summary>
internal sealed class LiveModuleWeaver
{
    private readonly ShimLibrary _shim;
    private readonly MethodIdRegistrar _register;
    private readonly TimeSpan _timeout;

    public LiveModuleWeaver(ShimLibrary shim, MethodIdRegistrar register, TimeSpan timeout)
    {
        _shim = shim;
        _register = register;
        _timeout = timeout;
        // This runs in the app: dnlib must not throw (and catch) its kernel32 probe there, where the app's
        // first-chance exception handlers would see it.
        DnlibPlatform.AnswerCpuArchitecture();
    }

    /// <param name="alreadyWoven">Methods (tokens) that already run woven: kept as they are, not requested again.</param>
    public ModuleWeaveReport Weave(string assemblyName, string path, ILiveMethodTransform transform, IReadOnlySet<uint>? alreadyWoven = null)
    {
        var report = new ModuleWeaveReport(assemblyName, path);
        if (_shim.IsBroken)
        {
            report.ModuleError = "a profiling call timed out earlier: no more weaving in this process";
            return report;
        }
        ulong moduleId = _shim.FindModuleByPath(path);
        report.ModuleId = moduleId;
        if (moduleId == 0)
        {
            report.ModuleError = "the profiler has not seen this module load";
            return report;
        }

        using ModuleDefMD module = ModuleDefMD.Load(path, new ModuleCreationOptions { TryToLoadPdbFromDisk = true });
        // Methods woven before keep their body and id: only their selection is re-checked (the
        // transform registers them again, which costs the registry a row each and nothing else).
        var outcomes = transform.Weave(module, _register);
        var tokens = new LiveTokenProvider(_shim, moduleId, module);
        var bodies = new List<(LiveMethodOutcome Outcome, uint Token, byte[] Body)>();
        foreach (var outcome in outcomes)
        {
            if (outcome.SkipReason is { } reason)
            {
                report.Skipped.Add((outcome.FunctionName, reason));
                continue;
            }
            if (alreadyWoven?.Contains(outcome.Method.MDToken.Raw) == true)
            {
                if (!outcome.IsCompanion) report.Woven.Add(outcome.FunctionName);
                report.WovenTokens.Add(outcome.Method.MDToken.Raw);
                continue;
            }
            try
            {
                bodies.Add((outcome, outcome.Method.MDToken.Raw, MethodBodySerializer.Serialize(outcome.Method.Body, tokens)));
            }
            catch (Exception exception) when (exception is LiveWeavingException or InvalidOperationException or ArgumentException)
            {
                report.Failed.Add((outcome.FunctionName, exception.Message));
            }
        }
        if (bodies.Count == 0)
        {
            return report;
        }

        if (tokens.AddedMetadata && _shim.ApplyMetadata(moduleId) is var applied and < 0)
        {
            report.ModuleError = $"ApplyMetaData failed (0x{applied:X8})";
            return report;
        }
        var requested = new List<(LiveMethodOutcome Outcome, uint Token)>();
        foreach (var (outcome, token, body) in bodies)
        {
            int stored = _shim.SetIlBody(moduleId, token, body);
            if (stored < 0)
            {
                report.Failed.Add((outcome.FunctionName, $"storing the body failed (0x{stored:X8})"));
                continue;
            }
            if (outcome.OriginalOffsets is { } original)
            {
                // Optional: without it the code runs the same, only frames of it may name a later source line.
                var (originalOffsets, newOffsets) = IlOffsetMap.Build(outcome.Method.Body, original);
                _shim.SetIlOffsetMap(moduleId, token, originalOffsets, newOffsets);
            }
            requested.Add((outcome, token));
        }
        Request(moduleId, requested, report);
        return report;
    }

    /// <summary>Gives methods their original code back (RequestRevert); returns how many the runtime reverted.</summary>
    public int Revert(ulong moduleId, IReadOnlyCollection<uint> methods)
    {
        if (methods.Count == 0)
        {
            return 0;
        }
        var statuses = new int[methods.Count];
        int hr = _shim.RequestRevert(Enumerable.Repeat(moduleId, methods.Count).ToArray(), methods.ToArray(), statuses, _timeout);
        return hr < 0 ? 0 : statuses.Count(status => status >= 0);
    }

    private void Request(ulong moduleId, List<(LiveMethodOutcome Outcome, uint Token)> requested, ModuleWeaveReport report)
    {
        if (requested.Count == 0)
        {
            return;
        }
        var methods = requested.Select(r => r.Token).ToArray();
        // ReadyToRun code may have inlined a woven method into its callers: those callers are
        // re-JIT'ed too, with their own IL (no body stored), so the JIT calls the woven method instead.
        var inliners = _shim.FindReadyToRunInliners(moduleId, methods, out bool incomplete)
            .Where(token => Array.IndexOf(methods, token) < 0)
            .ToArray();
        report.RecompiledInliners = inliners.Length;
        report.InlinersIncomplete = incomplete;
        var all = methods.Concat(inliners).ToArray();
        int hr = _shim.RequestReJit(Enumerable.Repeat(moduleId, all.Length).ToArray(), all, _timeout);
        foreach (var (outcome, token) in requested)
        {
            var (state, error) = _shim.ReJitStatus(moduleId, token);
            if (hr < 0)
            {
                report.Failed.Add((outcome.FunctionName, $"RequestReJIT failed (0x{hr:X8})"));
            }
            else if (state == ReJitState.Failed)
            {
                report.Failed.Add((outcome.FunctionName, $"the runtime refused the ReJIT (0x{error:X8})"));
            }
            else
            {
                if (!outcome.IsCompanion) report.Woven.Add(outcome.FunctionName);
                report.WovenTokens.Add(token);
            }
        }
    }
}
