using System.Runtime.InteropServices;
using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Drain;
using DotnetTelemetry.Agent.Exceptions;
using DotnetTelemetry.Agent.Http;
using DotnetTelemetry.Agent.Internal;
using DotnetTelemetry.Agent.Native;
using DotnetTelemetry.Agent.Resources;
using DotnetTelemetry.Agent.Sinks;
using DotnetTelemetry.Probes;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent;

/// <summary>
/// The running agent: probes configured, listeners attached, the drain thread running, and the exit hooks
/// that flush within a bounded time. Everything slow (resource detection, cloud metadata, file I/O) happens
/// on the drain thread; <see cref="Start"/> itself only wires things up.
/// </summary>
internal sealed class AgentRuntime
{
    private static readonly TimeSpan ExceptionSweepInterval = TimeSpan.FromMilliseconds(100);

    private readonly AgentConfig _config;
    private readonly IReadOnlyList<ITelemetrySink> _sinks;
    private readonly string[] _sinkLabels;
    private readonly ExceptionListener? _exceptions;
    private readonly DiagnosticSubscriber? _http;
    private readonly DrainThread _drain;
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private readonly List<PosixSignalRegistration> _signalRegistrations = new();
    private NativeIntegration? _native;
    private int _shutDown;

    private AgentRuntime(AgentConfig config, string agentHome, Func<string, string?> getVariable)
    {
        _config = config;
        AgentHome = agentHome;
        ActivityTypeInit.Run();
        ProbeRuntime.Configure(new ProbeConfiguration
        {
            Enabled = true,
            Sampler = config.Sampler,
            SamplerRatio = config.SamplerRatio,
            RingCapacity = config.RingSize,
            Clock = config.Clock,
        });
        _sinks = SinkFactory.Create(config);
        _sinkLabels = SinkLabels(_sinks);
        _exceptions = config.CaptureExceptions ? new ExceptionListener(config.CaptureThrowStack) : null;
        _http = config.CaptureHttp ? new DiagnosticSubscriber(config) : null;

        var chores = new List<PeriodicChore> { new(config.StatusInterval, EmitStatus) };
        if (_exceptions is not null)
        {
            chores.Add(new PeriodicChore(ExceptionSweepInterval, () => _exceptions.SweepCaught()));
        }
        var detector = new ResourceDetector(config, getVariable);
        _drain = new DrainThread(() => ProbeRuntime.Ring, _sinks, new EventConverter(config), detector, chores);
    }

    public string AgentHome { get; }

    public AgentConfig Config => _config;

    public static AgentRuntime Start(AgentConfig config, string agentHome, Func<string, string?> getVariable)
    {
        var weaveLog = NativeIntegration.StderrLog(getVariable);
        // With the startup hook alone the agent attaches the shim itself and weaves on a thread of its own,
        // begun first so that it overlaps the rest of the start.
        var selfAttached = NativeIntegration.BeginSelfAttach(agentHome, config.Include, config.Exclude, config.SelfAttach, weaveLog);
        var runtime = new AgentRuntime(config, agentHome, getVariable);
        runtime._drain.Start();
        runtime._exceptions?.Start();
        runtime._http?.Start();
        // An Activity started with no parent inside a woven function joins the function's trace (HttpClient's in a
        // console app, for one): without it, the call's traceparent would name a trace no function of ours is in.
        WovenTraceIds.Install();
        // Else profiler mode (the shim loaded at startup) or the attach session, when either applies.
        runtime._native = selfAttached ?? NativeIntegration.Start(agentHome, config.Include, config.Exclude, weaveLog);
        // Main should run woven: the start waits for the self-attach's first weaving pass (bounded).
        runtime._native.WaitForStartupWeaving();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => runtime.Shutdown();
        runtime.WatchTerminationSignals();
        AppDomain.CurrentDomain.UnhandledException += (_, args) =>
        {
            if (args.ExceptionObject is Exception exception)
            {
                runtime._exceptions?.OnUnhandled(exception);
            }
            if (args.IsTerminating)
            {
                runtime.Shutdown();
            }
        };
        return runtime;
    }

    /// <summary>
    /// SIGTERM and SIGINT end a plain console app without AppDomain.ProcessExit. On either, write out what is
    /// buffered (and a status event) before the default action runs; nothing is cancelled or stopped, so an app
    /// that handles the signal itself (the generic host does) shuts down as it would, with the agent still on.
    /// </summary>
    private void WatchTerminationSignals()
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
        {
            try
            {
                _signalRegistrations.Add(PosixSignalRegistration.Create(signal, _ => FlushForSignal()));
            }
            catch (Exception e) when (e is PlatformNotSupportedException or IOException or UnauthorizedAccessException)
            {
                // this platform cannot watch the signal: the exit flush still covers normal exits
            }
        }
    }

    private void FlushForSignal()
    {
        using var agent = AgentCode.Enter();
        try
        {
            EmitStatus();
            _drain.FlushPending(_config.ExitFlushTimeout);
        }
        catch
        {
            // the signal's own action goes on regardless
        }
    }

    /// <summary>
    /// Flushes and stops, at most <see cref="AgentConfig.ExitFlushTimeout"/>: process exit (also after
    /// Environment.Exit) and unhandled exceptions. Runs once; later calls return at once.
    /// </summary>
    public void Shutdown()
    {
        if (Interlocked.Exchange(ref _shutDown, 1) != 0)
        {
            return;
        }
        // Runs on an app thread (ProcessExit, an unhandled exception): flushing sinks and exporters is agent work.
        using var agent = AgentCode.Enter();
        try
        {
            _exceptions?.SweepCaught(all: true);
            _exceptions?.Dispose();
            _http?.Dispose();
            WovenTraceIds.Uninstall();
            _native?.Dispose();
            // Half the exit budget at most, so the final events still have time to be written.
            _drain.WaitForCloudDetection(_config.ExitFlushTimeout / 2);
            EmitStatus();
            ProbeRuntime.Disable();
            bool stopped = _drain.Stop(_config.ExitFlushTimeout);
            ReportUnwritten(stopped);
            if (stopped)
            {
                foreach (var sink in _sinks)
                {
                    try
                    {
                        sink.Dispose();
                    }
                    catch
                    {
                    }
                }
            }
        }
        catch
        {
            // exiting anyway: nothing here may delay or change the app's exit
        }
    }

    /// <summary>
    /// Events still in the ring when the exit budget is spent are lost with the process: never silently. One stderr
    /// line says how many (at least: bytes an output had taken but not yet written are not counted) and which setting
    /// bounds the wait; the final <c>agent_status</c> may be among the lost, so stderr is the only place that can tell.
    /// </summary>
    private void ReportUnwritten(bool stopped)
    {
        long left = _drain.Unflushed;
        if (left <= 0)
        {
            return;
        }
        Console.Error.WriteLine(
            $"dotnet-telemetry: the exit flush ran out of time (DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS={(long)_config.ExitFlushTimeout.TotalMilliseconds}): " +
            $"at least {left} events were not written{(stopped ? "" : " (an output is blocked or too slow)")}");
    }

    private void EmitStatus()
    {
        var ring = ProbeRuntime.Ring;
        ProbeRuntime.EmitAgentStatus(new AgentStatusPayload
        {
            RingCapacity = ring.Capacity,
            RingWritten = ring.Written,
            RingDropped = ring.Dropped,
            Sinks = _sinks.Select((sink, i) => (_sinkLabels[i], sink)).ToArray(),
            UptimeSeconds = (DateTime.UtcNow - _startedAt).TotalSeconds,
        });
    }

    /// <summary>Sink names fit for attribute keys and unique: "stdout", "file", "file_2", "otlp".</summary>
    internal static string[] SinkLabels(IReadOnlyList<ITelemetrySink> sinks)
    {
        var labels = new string[sinks.Count];
        var seen = new Dictionary<string, int>();
        for (int i = 0; i < sinks.Count; i++)
        {
            string name = sinks[i].Name;
            int colon = name.IndexOf(':');
            string kind = colon > 0 ? name[..colon] : name;
            seen[kind] = seen.TryGetValue(kind, out int count) ? count + 1 : 1;
            labels[i] = seen[kind] == 1 ? kind : $"{kind}_{seen[kind]}";
        }
        return labels;
    }
}
