using System.Runtime.InteropServices;
using System.Text;
using DotnetTelemetry.Agent.Internal;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// Function events from the startup hook alone: when the runtime did not load the shim at startup (no
/// <c>CORECLR_PROFILER</c> naming it) and no <c>dotnet-telemetry attach</c> loaded the agent, the agent asks its
/// own runtime to attach the shim (<see cref="DiagnosticsIpc.AttachProfiler"/> over this process's diagnostics
/// socket), then weaves as profiler mode does. The shim needs nothing from the attach: the agent is running
/// already and binds to it (<see cref="ShimLibrary"/>), as it does after a startup load.
/// </summary>
/// <remarks>
/// The attach and the first weaving pass run on a thread of their own, begun before the rest of the agent
/// starts so that the two overlap; the app's start (the hook, on the main thread) then waits for them at most
/// <see cref="StartupWait"/>, so in the normal case <c>Main</c> runs woven. Past that wait the app starts
/// anyway and weaving lands when it is ready (a ReJIT reaches the next calls). Where it cannot work the
/// reason is one stderr line and the agent runs on with runtime events only.
/// </remarks>
internal sealed class SelfAttach
{
    /// <summary>The bound on the attach itself: the runtime's attach timeout and the socket's send/receive timeouts.</summary>
    public static readonly TimeSpan AttachTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The most the app's start waits for the attach and the weaving of what is loaded.</summary>
    public static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(3);

    /// <summary>What the shim gets as client data (its only reader is a person with a debugger).</summary>
    private static readonly byte[] ClientData = Encoding.UTF8.GetBytes("origin=startup-hook\n");

    private static readonly Guid ProfilerClsid = new(ShimLocation.ProfilerClsid);

    /// <summary>CORPROF_E_PROFILER_ALREADY_ACTIVE: the process has a profiler already (the runtime takes one).</summary>
    private const int AlreadyActive = unchecked((int)0x8013136A);

    /// <summary>The runtime's switches that make an attach impossible when 0, and what each one turns off.</summary>
    private static readonly (string Knob, string Effect)[] DiagnosticsSwitches =
    {
        ("EnableDiagnostics", "no diagnostics IPC to attach the profiler shim through"),
        ("EnableDiagnostics_IPC", "no diagnostics IPC to attach the profiler shim through"),
        ("EnableDiagnostics_Profiler", "profilers are switched off"),
    };

    // Not disposed: the attach thread may still set it after the app's start stopped waiting.
    private readonly ManualResetEventSlim _done = new();
    private readonly WeaveLog _log;

    private SelfAttach(WeaveLog log)
    {
        _log = log;
    }

    /// <summary>
    /// Begins attaching the shim at <paramref name="shimPath"/> on a thread of its own, which then runs
    /// <paramref name="weave"/>. Null when it cannot even be tried (the reason is written). Never throws.
    /// </summary>
    public static SelfAttach? Begin(string shimPath, Func<string, string?> getVariable, WeaveLog log, Action weave)
    {
        try
        {
            if (WhyNot(shimPath, getVariable) is { } reason)
            {
                Refused(log, reason);
                return null;
            }
            var attach = new SelfAttach(log);
            var thread = new Thread(() => attach.Run(shimPath, weave))
            {
                IsBackground = true,
                Name = "dotnet-telemetry self-attach",
            };
            thread.Start();
            return attach;
        }
        catch (Exception exception)
        {
            Refused(log, $"{exception.GetType().Name}: {exception.Message}");
            return null;
        }
    }

    /// <summary>Waits for the attach and the first weaving pass, at most <see cref="StartupWait"/>.</summary>
    public void WaitForStartup()
    {
        if (!_done.Wait(StartupWait))
        {
            _log.Info($"self-attach: not done after {StartupWait.TotalSeconds:0} s; the app starts, weaving follows when ready");
        }
    }

    private void Run(string shimPath, Action weave)
    {
        AgentCode.MarkAgentThread(); // what is thrown here (dnlib probes for Windows, for one) is not the app's
        try
        {
            if (Attach(shimPath) is { } failure)
            {
                Refused(_log, failure);
                return;
            }
            weave();
        }
        catch (Exception exception)
        {
            Refused(_log, $"{exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            _done.Set();
        }
    }

    /// <summary>Why the attach cannot even be tried here, or null. Only cheap checks: platform, environment, one file.</summary>
    internal static string? WhyNot(string shimPath, Func<string, string?> getVariable)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return $"the profiler shim is built for Linux x64 only (this process is {RuntimeInformation.RuntimeIdentifier})";
        }
        // The runtime reads its switches as DOTNET_x, else COMPlus_x; "0" turns the feature off.
        foreach (var (knob, effect) in DiagnosticsSwitches)
        {
            string? value = getVariable("DOTNET_" + knob) ?? getVariable("COMPlus_" + knob);
            if (value?.Trim() == "0")
            {
                return $"DOTNET_{knob}=0 ({effect})";
            }
        }
        if (!File.Exists(shimPath))
        {
            return $"the profiler shim is not in the agent home ({shimPath})";
        }
        return null;
    }

    /// <summary>Sends AttachProfiler to this very process; null when the shim is now its profiler, else why not.</summary>
    private static string? Attach(string shimPath)
    {
        if (ShimLibrary.TryLoad(shimPath, out _) is { IsAttached: true })
        {
            return null; // attached already (by a tool, before this hook ran): use it
        }
        if (DiagnosticsIpc.FindOwnSocket() is not { } socket)
        {
            return $"this process has no diagnostics socket in {Path.GetTempPath()} (diagnostics switched off?)";
        }
        int status = DiagnosticsIpc.AttachProfiler(socket, ProfilerClsid, shimPath, ClientData, AttachTimeout);
        if (status < 0)
        {
            return status == AlreadyActive
                ? "another profiler is already loaded in this process (the runtime takes one)"
                : $"the runtime refused to attach the profiler shim (HRESULT 0x{status:X8})";
        }
        var shim = ShimLibrary.TryLoad(shimPath, out string? error);
        return shim is { IsAttached: true } ? null : $"the profiler shim did not start after the attach ({error ?? "not initialised"})";
    }

    private static void Refused(WeaveLog log, string reason)
        => log.Problem($"no function events: {reason}; HTTP and exception events only (DOTNET_TELEMETRY_WEAVE=off: no attempt, no line)");
}
