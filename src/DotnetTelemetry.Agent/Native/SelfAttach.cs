using System.Runtime.InteropServices;
using System.Text;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// Function events from the startup hook alone: when the runtime did not load the shim at startup (no
/// <c>CORECLR_PROFILER</c> naming it) and no <c>dotnet-telemetry attach</c> loaded the agent, the agent asks its
/// own runtime to attach the shim (<see cref="DiagnosticsIpc.AttachProfiler"/> over this process's diagnostics
/// socket), then weaves as profiler mode does. The shim needs nothing from the attach: the agent is running
/// already and binds to it (<see cref="ShimLibrary"/>), as it does after a startup load.
/// </summary>
/// <remarks>
/// The attach runs on a thread of its own; the app's start (the hook, on the main thread) waits for it and
/// the first weaving pass at most <see cref="StartupWait"/>, so in the normal case <c>Main</c> runs woven.
/// Past that wait the app starts anyway and weaving lands when it is ready (a ReJIT reaches the next calls).
/// Where it cannot work the reason is one stderr line and the agent runs on with runtime events only.
/// </remarks>
internal static class SelfAttach
{
    /// <summary>The bound on the attach itself: the runtime's attach timeout and the socket's send/receive timeouts.</summary>
    public static readonly TimeSpan AttachTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The most the app's start waits for the attach and the weaving of what is loaded.</summary>
    public static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(3);

    /// <summary>What the shim gets as client data (its only reader is a person with DOTNET_TELEMETRY_SHIM_LOG=1 or a debugger).</summary>
    private static readonly byte[] ClientData = Encoding.UTF8.GetBytes("origin=startup-hook\n");

    private static readonly Guid ProfilerClsid = new(ShimLocation.ProfilerClsid);

    /// <summary>
    /// Attaches the shim at <paramref name="shimPath"/> and then runs <paramref name="weave"/> on the attach thread;
    /// returns when both are done or after <see cref="StartupWait"/>, whichever is first. Never throws.
    /// </summary>
    public static void Start(string shimPath, Func<string, string?> getVariable, WeaveLog log, Action weave)
    {
        if (WhyNot(shimPath, getVariable) is { } reason)
        {
            Refused(log, reason);
            return;
        }
        var done = new ManualResetEventSlim(); // not disposed: the attach thread may set it after the wait gave up
        var thread = new Thread(() =>
        {
            try
            {
                if (Attach(shimPath) is { } failure)
                {
                    Refused(log, failure);
                    return;
                }
                weave();
            }
            catch (Exception exception)
            {
                Refused(log, $"{exception.GetType().Name}: {exception.Message}");
            }
            finally
            {
                done.Set();
            }
        })
        {
            IsBackground = true,
            Name = "dotnet-telemetry self-attach",
        };
        thread.Start();
        if (!done.Wait(StartupWait))
        {
            log.Info($"self-attach: not done after {StartupWait.TotalSeconds:0} s; the app starts, weaving follows when ready");
        }
    }

    /// <summary>Why the attach cannot even be tried here, or null. Only cheap checks: environment and one file.</summary>
    internal static string? WhyNot(string shimPath, Func<string, string?> getVariable)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return $"the profiler shim is built for Linux x64 only (this process is {RuntimeInformation.RuntimeIdentifier})";
        }
        // The runtime reads its switches as DOTNET_x, else COMPlus_x; "0" turns the feature off.
        foreach (string knob in new[] { "EnableDiagnostics", "EnableDiagnostics_IPC", "EnableDiagnostics_Profiler" })
        {
            string? value = getVariable("DOTNET_" + knob) ?? getVariable("COMPlus_" + knob);
            if (value?.Trim() == "0")
            {
                return $"DOTNET_{knob}=0 turns off what loading the profiler shim needs";
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

    /// <summary>CORPROF_E_PROFILER_ALREADY_ACTIVE: the process has a profiler (ours from an earlier attach, or another one).</summary>
    private const int AlreadyActive = unchecked((int)0x8013136A);

    private static void Refused(WeaveLog log, string reason)
        => log.Problem($"no function events: {reason}; HTTP and exception events only (DOTNET_TELEMETRY_WEAVE=off skips the attempt and this line)");
}
