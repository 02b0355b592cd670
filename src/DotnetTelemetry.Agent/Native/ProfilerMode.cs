using System.Reflection;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// Load-time weaving through the profiler shim ("profiler mode"): every assembly already loaded
/// when the agent starts (the entry assembly among them: the startup hook runs before Main) and
/// every assembly that loads later is woven in memory and ReJIT'ed, before its methods first run.
/// Weaving runs synchronously in the AssemblyLoad event so no call slips through un-woven; each
/// step is bounded by a timeout and every failure leaves the code as it was.
/// </summary>
internal sealed class ProfilerMode : IDisposable
{
    private static readonly TimeSpan ReJitTimeout = TimeSpan.FromSeconds(10);

    private readonly LiveModuleWeaver _weaver;
    private readonly LiveAssemblyFilter _filter;
    private readonly Action<string> _log;
    private readonly object _gate = new();
    private readonly HashSet<string> _seenPaths = new(StringComparer.Ordinal);
    private readonly List<ModuleWeaveReport> _reports = new();
    private bool _disposed;

    private ProfilerMode(ShimLibrary shim, ILiveMethodTransform transform, LiveAssemblyFilter filter, Action<string> log)
    {
        Shim = shim;
        _filter = filter;
        _log = log;
        _weaver = new LiveModuleWeaver(shim, transform, MethodRegistry.Register, ReJitTimeout);
    }

    public ShimLibrary Shim { get; }

    /// <summary>One report per module looked at, in order.</summary>
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
    /// the environment asked for it) otherwise. Never throws.
    /// </summary>
    public static ProfilerMode? TryStart(string home, ILiveMethodTransform transform, LiveAssemblyFilter filter, Action<string> log)
    {
        try
        {
            string path = ShimLocation.Find(home);
            ShimLibrary? shim = ShimLibrary.TryLoad(path, out string? error);
            if (shim is null || !shim.IsAttached)
            {
                if (ShimLocation.RequestedAtStartup())
                {
                    log($"profiler mode off: {error ?? "the runtime did not initialise the profiler shim"}");
                }
                return null;
            }
            var mode = new ProfilerMode(shim, transform, filter, log);
            AppDomain.CurrentDomain.AssemblyLoad += mode.OnAssemblyLoad;
            foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                mode.WeaveSafely(assembly);
            }
            return mode;
        }
        catch (Exception exception)
        {
            log($"profiler mode off: {exception.GetType().Name}: {exception.Message}");
            return null;
        }
    }

    private void OnAssemblyLoad(object? sender, AssemblyLoadEventArgs args) => WeaveSafely(args.LoadedAssembly);

    private void WeaveSafely(Assembly assembly)
    {
        try
        {
            if (_filter.WhyNot(assembly) is not null)
            {
                return;
            }
            lock (_gate)
            {
                if (_disposed || !_seenPaths.Add(assembly.Location))
                {
                    return;
                }
                var report = _weaver.Weave(assembly.GetName().Name ?? assembly.Location, assembly.Location);
                _reports.Add(report);
                _log($"profiler mode: {report}");
                foreach (var (function, error) in report.Failed)
                {
                    _log($"profiler mode: {function} left as it was: {error}");
                }
            }
        }
        catch (Exception exception)
        {
            // An app event handler must never throw into the app's assembly loading.
            _log($"profiler mode: {assembly.GetName().Name} not woven: {exception.GetType().Name}: {exception.Message}");
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
