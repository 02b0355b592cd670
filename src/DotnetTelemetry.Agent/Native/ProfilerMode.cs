using System.Reflection;
using DotnetTelemetry.Agent.Internal;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// Load-time weaving through the profiler shim ("profiler mode"): every assembly already loaded
/// when the agent starts (the entry assembly among them: the startup hook runs before Main) and
/// every assembly that loads later is woven in memory and ReJIT'ed, before its methods first run.
/// Weaving runs synchronously in the AssemblyLoad event so no call slips through un-woven; each
/// step is bounded by a timeout and every failure leaves the code as it was. New filters (a second
/// attach) re-weave what is loaded: newly selected methods are ReJIT'ed, deselected ones reverted.
/// </summary>
internal sealed class ProfilerMode : IDisposable
{
    private static readonly TimeSpan ReJitTimeout = TimeSpan.FromSeconds(10);

    private readonly LiveModuleWeaver _weaver;
    private readonly Func<IReadOnlyList<string>, IReadOnlyList<string>, (ILiveMethodTransform, LiveAssemblyFilter)> _selection;
    private readonly WeaveLog _log;
    private readonly object _gate = new();
    private readonly Dictionary<string, (Assembly Assembly, HashSet<uint> Woven)> _modules = new(StringComparer.Ordinal);
    private readonly List<ModuleWeaveReport> _reports = new();
    private ILiveMethodTransform _transform;
    private LiveAssemblyFilter _filter;
    private bool _disposed;

    private ProfilerMode(ShimLibrary shim, Func<IReadOnlyList<string>, IReadOnlyList<string>, (ILiveMethodTransform, LiveAssemblyFilter)> selection,
        IReadOnlyList<string> include, IReadOnlyList<string> exclude, WeaveLog log)
    {
        Shim = shim;
        _selection = selection;
        (_transform, _filter) = selection(include, exclude);
        _log = log;
        _weaver = new LiveModuleWeaver(shim, MethodRegistry.Register, ReJitTimeout);
    }

    public ShimLibrary Shim { get; }

    /// <summary>One report per weaving pass over a module, in order.</summary>
    public IReadOnlyList<ModuleWeaveReport> Reports
    {
        get
        {
            lock (_gate)
            {
                return _reports.ToArray();
            }
        }
    }

    /// <summary>
    /// Starts profiler mode when our shim is this process's profiler; null (with a log line when
    /// the environment asked for it) otherwise. Never throws. <paramref name="selection"/> builds
    /// the transform and assembly filter for a set of include/exclude patterns.
    /// </summary>
    public static ProfilerMode? TryStart(string home, Func<IReadOnlyList<string>, IReadOnlyList<string>, (ILiveMethodTransform, LiveAssemblyFilter)> selection,
        IReadOnlyList<string> include, IReadOnlyList<string> exclude, WeaveLog log)
    {
        // On the app's main thread (the startup hook): whatever weaving throws is the agent's, not the app's.
        using var agent = AgentCode.Enter();
        try
        {
            string path = ShimLocation.Find(home);
            ShimLibrary? shim = ShimLibrary.TryLoad(path, out string? error);
            if (shim is null || !shim.IsAttached)
            {
                if (ShimLocation.RequestedAtStartup())
                {
                    log.Problem($"profiler mode off: {error ?? "the runtime did not initialise the profiler shim"}");
                }
                return null;
            }
            var mode = new ProfilerMode(shim, selection, include, exclude, log);
            AppDomain.CurrentDomain.AssemblyLoad += mode.OnAssemblyLoad;
            foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                mode.WeaveSafely(assembly);
            }
            return mode;
        }
        catch (Exception exception)
        {
            log.Problem($"profiler mode off: {exception.GetType().Name}: {exception.Message}");
            return null;
        }
    }

    /// <summary>Starts profiler mode with one fixed transform and filter (tests, tools).</summary>
    public static ProfilerMode? TryStart(string home, ILiveMethodTransform transform, LiveAssemblyFilter filter, WeaveLog log)
        => TryStart(home, (_, _) => (transform, filter), Array.Empty<string>(), Array.Empty<string>(), log);

    /// <summary>
    /// Applies new include/exclude patterns to everything loaded (and to what loads later): methods
    /// now selected are ReJIT'ed, methods no longer selected get their original code back.
    /// </summary>
    public void ApplyFilters(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        // On a thread-pool thread, queued without the agent's execution context: mark it here.
        using var agent = AgentCode.Enter();
        try
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }
                (_transform, _filter) = _selection(include, exclude);
                foreach (var (path, (assembly, woven)) in _modules.ToArray())
                {
                    bool selected = _filter.WhyNot(assembly) is null;
                    var report = selected ? _weaver.Weave(assembly.GetName().Name ?? path, path, _transform, woven) : null;
                    var keep = report?.WovenTokens ?? new HashSet<uint>();
                    var drop = woven.Where(token => !keep.Contains(token)).ToList();
                    ulong moduleId = report?.ModuleId ?? Shim.FindModuleByPath(path);
                    int reverted = _weaver.Revert(moduleId, drop);
                    _modules[path] = (assembly, keep);
                    if (report is not null)
                    {
                        _reports.Add(report);
                    }
                    _log.Info($"profiler mode: new filters: {assembly.GetName().Name}: {keep.Count} woven, {reverted} reverted");
                }
            }
            // Assemblies the old filters passed over may be selected now.
            foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                WeaveSafely(assembly);
            }
        }
        catch (Exception exception)
        {
            _log.Problem($"profiler mode: new filters not applied: {exception.GetType().Name}: {exception.Message}");
        }
    }

    private void OnAssemblyLoad(object? sender, AssemblyLoadEventArgs args) => WeaveSafely(args.LoadedAssembly);

    private void WeaveSafely(Assembly assembly)
    {
        // Runs on the app thread that loads the assembly: what weaving throws there is the agent's, not the app's.
        using var agent = AgentCode.Enter();
        try
        {
            // Most loads (framework, the agent's own) are filtered out without waiting for a weaving pass to end.
            if (Volatile.Read(ref _filter).WhyNot(assembly) is not null)
            {
                return;
            }
            lock (_gate)
            {
                if (_disposed || _filter.WhyNot(assembly) is not null || _modules.ContainsKey(assembly.Location))
                {
                    return;
                }
                var report = _weaver.Weave(assembly.GetName().Name ?? assembly.Location, assembly.Location, _transform);
                _modules[assembly.Location] = (assembly, report.WovenTokens);
                _reports.Add(report);
                if (report.ModuleError is null)
                {
                    _log.Info($"profiler mode: {report}");
                }
                else
                {
                    _log.Problem($"profiler mode: {report}");
                }
                foreach (var (function, error) in report.Failed)
                {
                    _log.Problem($"profiler mode: {function} left as it was: {error}");
                }
            }
        }
        catch (Exception exception)
        {
            // An app event handler must never throw into the app's assembly loading.
            _log.Problem($"profiler mode: {assembly.GetName().Name} not woven: {exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>Stops weaving assemblies that load from now on (methods already woven stay woven).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }
        AppDomain.CurrentDomain.AssemblyLoad -= OnAssemblyLoad;
    }
}
