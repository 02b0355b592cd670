using dnlib.DotNet;

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
    private readonly ILiveMethodTransform _transform;
    private readonly MethodIdRegistrar _register;
    private readonly TimeSpan _timeout;

    public LiveModuleWeaver(ShimLibrary shim, ILiveMethodTransform transform, MethodIdRegistrar register, TimeSpan timeout)
    {
        _shim = shim;
        _transform = transform;
        _register = register;
        _timeout = timeout;
    }

    public ModuleWeaveReport Weave(string assemblyName, string path)
    {
        var report = new ModuleWeaveReport(assemblyName, path);
        ulong moduleId = _shim.FindModuleByPath(path);
        if (moduleId == 0)
        {
            report.ModuleError = "the profiler has not seen this module load";
            return report;
        }

        using ModuleDefMD module = ModuleDefMD.Load(path, new ModuleCreationOptions { TryToLoadPdbFromDisk = true });
        var outcomes = _transform.Weave(module, _register);
        var tokens = new LiveTokenProvider(_shim, moduleId, module);
        var bodies = new List<(LiveMethodOutcome Outcome, uint Token, byte[] Body)>();
        foreach (var outcome in outcomes)
        {
            if (outcome.SkipReason is { } reason)
            {
                report.Skipped.Add((outcome.FunctionName, reason));
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
            requested.Add((outcome, token));
        }
        Request(moduleId, requested, report);
        return report;
    }

    private void Request(ulong moduleId, List<(LiveMethodOutcome Outcome, uint Token)> requested, ModuleWeaveReport report)
    {
        if (requested.Count == 0)
        {
            return;
        }
        var modules = Enumerable.Repeat(moduleId, requested.Count).ToArray();
        var methods = requested.Select(r => r.Token).ToArray();
        int hr = _shim.RequestReJit(modules, methods, _timeout);
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
                report.Woven.Add(outcome.FunctionName);
            }
        }
    }
}
