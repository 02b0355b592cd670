using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// What the agent calls once its probes are configured: starts profiler mode when the shim is this
/// process's profiler (loaded at startup, or attached by the agent itself when the startup hook came
/// alone), and, in a run started by <c>dotnet-telemetry attach</c>, follows the CLI's session (probes
/// record while a CLI listens, go quiet when it detaches). Never throws.
/// </summary>
/// <remarks>
/// In an attached run (<see cref="IsAttachedRun"/>) the agent's only output must be an
/// <see cref="EventSourceSink"/>: the app's stdout is not ours to write to.
/// </remarks>
internal sealed class NativeIntegration : IDisposable
{
    private static NativeIntegration? s_attached;
    private volatile ProfilerMode? _profilerMode; // set later by the weaving thread in an attached or self-attached run
    private readonly bool _followsSession;
    private SelfAttach? _selfAttach;
    private string _filters;

    private NativeIntegration(ProfilerMode? profilerMode, bool followsSession, string filters)
    {
        _profilerMode = profilerMode;
        _followsSession = followsSession;
        _filters = filters;
    }

    /// <summary>True when <c>dotnet-telemetry attach</c> loaded the agent (ApplyStartupHook).</summary>
    public static bool IsAttachedRun => AttachDetection.IsAttachedRun();

    /// <summary>Weaving reports of profiler mode (empty when it is off).</summary>
    public IReadOnlyList<ModuleWeaveReport> Reports => _profilerMode?.Reports ?? Array.Empty<ModuleWeaveReport>();

    public bool ProfilerModeActive => _profilerMode is not null;

    /// <summary>
    /// Startup profiler mode or an attach session, once the probes are configured. (With the startup hook alone,
    /// <see cref="BeginSelfAttach"/> applies instead.)
    /// </summary>
    public static NativeIntegration Start(string agentHome, IReadOnlyList<string> include, IReadOnlyList<string> exclude, WeaveLog log)
    {
        try
        {
            if (!IsAttachedRun)
            {
                // Startup: weave now, before Main runs (the startup hook runs on the main thread).
                var mode = ProfilerModeStartup.TryStart(agentHome, include, exclude, log);
                return new NativeIntegration(mode, false, FilterKey(include, exclude));
            }
            return StartAttached(agentHome, include, exclude);
        }
        catch (Exception exception)
        {
            log.Problem($"native integration off: {exception.GetType().Name}: {exception.Message}");
            return new NativeIntegration(null, false, string.Empty);
        }
    }

    /// <summary>
    /// The startup hook alone (no startup profiler naming our shim, no attach session): begins attaching the shim
    /// to this process and weaving what is loaded, on a thread of its own (<see cref="SelfAttach"/>); needs no
    /// configured probes, so the agent calls it first and the rest of its start overlaps. Weaving reports go to
    /// the app's stderr as in profiler mode. Null when the process is not in that case: call <see cref="Start"/>.
    /// </summary>
    /// <param name="selfAttach">False (<c>DOTNET_TELEMETRY_WEAVE=off</c>): leave the shim alone, runtime events only.</param>
    public static NativeIntegration? BeginSelfAttach(string agentHome, IReadOnlyList<string> include, IReadOnlyList<string> exclude, bool selfAttach, WeaveLog log)
    {
        if (IsAttachedRun || ShimLocation.RequestedAtStartup())
        {
            return null;
        }
        var integration = new NativeIntegration(null, false, FilterKey(include, exclude));
        if (selfAttach)
        {
            integration._selfAttach = SelfAttach.Begin(ShimLocation.Find(agentHome), Environment.GetEnvironmentVariable, log,
                () => integration._profilerMode = ProfilerModeStartup.TryStart(agentHome, include, exclude, log));
        }
        return integration;
    }

    /// <summary>
    /// Returns once a self-attach begun by <see cref="BeginSelfAttach"/> has woven what is loaded, or after
    /// <see cref="SelfAttach.StartupWait"/>; at once in every other case.
    /// </summary>
    public void WaitForStartupWeaving() => _selfAttach?.WaitForStartup();

    /// <summary>
    /// Attached: the CLI's filters (AttachProfiler client data) win over the target's environment;
    /// everything is reported to the CLI (its stderr), nothing to the app's. The hook runs on the
    /// runtime's diagnostics thread, which must return fast, and the app is running already: weaving
    /// follows on a thread of its own.
    /// </summary>
    private static NativeIntegration StartAttached(string agentHome, IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        var shim = ShimLibrary.TryLoad(ShimLocation.Find(agentHome), out _);
        var data = AttachDetection.ProfilerClientData(shim?.IsAttached == true ? shim : null);
        include = data.TryGetValue("include", out string? i) ? Split(i) : include;
        exclude = data.TryGetValue("exclude", out string? e) ? Split(e) : exclude;
        var report = new WeaveLog(TelemetryEventSource.Log.Status, TelemetryEventSource.Log.Status);

        var integration = new NativeIntegration(null, true, FilterKey(include, exclude));
        s_attached = integration;
        TelemetryEventSource.Attached += OnCliAttached;
        TelemetryEventSource.Detached += OnCliDetached;
        // The CLI opens its session before loading the agent: it is normally listening already.
        if (!TelemetryEventSource.Log.IsEnabled())
        {
            ProbeRuntime.Disable();
        }
        var weaving = new Thread(() => integration._profilerMode = ProfilerModeStartup.TryStart(agentHome, include, exclude, report))
        {
            IsBackground = true,
            Name = "dotnet-telemetry profiler mode",
        };
        weaving.Start();
        return integration;
    }

    /// <summary>Problems on the app's stderr (one line each); the per-module summaries too with DOTNET_TELEMETRY_SHIM_LOG=1.</summary>
    public static WeaveLog StderrLog(Func<string, string?> getVariable)
    {
        bool verbose = getVariable("DOTNET_TELEMETRY_SHIM_LOG")?.Trim() is "1" or "true";
        Action<string> write = line =>
        {
            try
            {
                Console.Error.WriteLine("dotnet-telemetry: " + line);
            }
            catch
            {
                // stderr closed: nobody to tell
            }
        };
        return new WeaveLog(verbose ? write : _ => { }, write);
    }

    /// <summary>A CLI attached (again): record, and weave by its filters when they changed (off the IPC thread).</summary>
    private static void OnCliAttached(IReadOnlyDictionary<string, string?> arguments)
    {
        ProbeRuntime.Enable();
        var integration = s_attached;
        if (integration?._profilerMode is not { } mode)
        {
            return;
        }
        var include = Split(arguments.GetValueOrDefault("include") ?? string.Empty);
        var exclude = Split(arguments.GetValueOrDefault("exclude") ?? string.Empty);
        string key = FilterKey(include, exclude);
        if (Interlocked.Exchange(ref integration._filters, key) != key)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => mode.ApplyFilters(include, exclude), null);
        }
    }

    /// <summary>The CLI detached: the probes go quiet (woven methods stay woven, at the cost of a load and a branch).</summary>
    private static void OnCliDetached() => ProbeRuntime.Disable();

    private static string FilterKey(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
        => string.Join(";", include) + "|" + string.Join(";", exclude);

    private static IReadOnlyList<string> Split(string list)
        => list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Dispose()
    {
        _profilerMode?.Dispose();
        if (_followsSession)
        {
            TelemetryEventSource.Attached -= OnCliAttached;
            TelemetryEventSource.Detached -= OnCliDetached;
            s_attached = null;
        }
    }
}
