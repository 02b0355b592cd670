using System.Reflection;
using System.Runtime.Loader;

/// <summary>
/// The class the runtime calls when <c>DOTNET_STARTUP_HOOKS</c> names this assembly. It lives in the global
/// namespace because the runtime looks for exactly <c>StartupHook.Initialize()</c>.
/// </summary>
/// <remarks>
/// What it does, in order: bail out when the agent is switched off; find the agent home from this
/// assembly's own location (<c>&lt;home&gt;/startup-hook/</c> → <c>&lt;home&gt;/agent/</c>, or its copy precompiled
/// for this runtime); load
/// <c>DotnetTelemetry.Probes</c> into the default load context (woven app code binds to it by name);
/// load the agent and its dependencies into a private load context; call the agent's entry point.
/// It never throws into the app, runs at most once per process, and leaves heavy work to the agent's
/// background thread. BCL only: anything else would meet the app's own dependencies.
/// </remarks>
internal static partial class StartupHook
{
    private const string InitializedKey = "DotnetTelemetry.StartupHook.Initialized";
    private const string AgentAssemblyName = "DotnetTelemetry.Agent";
    private const string AgentEntryType = "DotnetTelemetry.Agent.AgentBootstrap";
    private const string AgentEntryMethod = "Start";

    private static readonly object Gate = new();
    private static int s_initialized;

    public static void Initialize()
    {
        try
        {
            if (!TryClaimFirstRun() || IsSwitchedOff() || IsTheCli())
            {
                return;
            }
            string home = LocateHome();
            string agentDirectory = AgentDirectory(home);
            if (!File.Exists(Path.Combine(agentDirectory, AgentAssemblyName + ".dll")))
            {
                ReportFailure($"agent not found in '{agentDirectory}'");
                return;
            }

            ProbesBinding.Install(agentDirectory);
            var context = new AgentLoadContext(agentDirectory);
            var agent = context.LoadFromAssemblyName(new AssemblyName(AgentAssemblyName));
            var entry = agent.GetType(AgentEntryType, throwOnError: true)!
                .GetMethod(AgentEntryMethod, BindingFlags.Public | BindingFlags.Static, new[] { typeof(string) })
                ?? throw new MissingMethodException(AgentEntryType, AgentEntryMethod);
            entry.Invoke(null, new object[] { home });
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } cause } ? cause : e;
            ReportFailure($"{inner.GetType().Name}: {inner.Message}");
        }
    }

    /// <summary>
    /// True the first time in this process. Attach (ApplyStartupHook) may run the hook a second time, possibly
    /// from another copy of this assembly, so the marker lives in AppContext data as well as in a static.
    /// </summary>
    private static bool TryClaimFirstRun()
    {
        if (Interlocked.Exchange(ref s_initialized, 1) != 0)
        {
            return false;
        }
        lock (Gate)
        {
            if (AppContext.GetData(InitializedKey) is not null)
            {
                return false;
            }
            AppContext.SetData(InitializedKey, "1");
            return true;
        }
    }

    /// <summary>The two switches that turn the agent off before anything is loaded (the agent validates them fully).</summary>
    private static bool IsSwitchedOff()
    {
        string? enabled = Environment.GetEnvironmentVariable("DOTNET_TELEMETRY_ENABLED")?.Trim();
        string? sdkDisabled = Environment.GetEnvironmentVariable("OTEL_SDK_DISABLED")?.Trim();
        return string.Equals(enabled, "false", StringComparison.OrdinalIgnoreCase)
            || enabled == "0"
            || string.Equals(sdkDisabled, "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The dotnet-telemetry CLI itself (its runtimeconfig already switches startup hooks off; this also covers a CLI
    /// built or launched without it): the tool must never instrument itself when the shell exports the hook.
    /// </summary>
    private static bool IsTheCli() => Assembly.GetEntryAssembly()?.GetName().Name == "dotnet-telemetry";

    /// <summary>
    /// <c>&lt;home&gt;/agent/net&lt;major&gt;.0</c> when the home has a copy precompiled for this runtime's major version
    /// (ReadyToRun code is only used by the runtime it was compiled for, and saves JIT time at startup), else
    /// the portable <c>&lt;home&gt;/agent</c>.
    /// </summary>
    private static string AgentDirectory(string home)
    {
        string portable = Path.Combine(home, "agent");
        string precompiled = Path.Combine(portable, $"net{Environment.Version.Major}.0");
        return File.Exists(Path.Combine(precompiled, AgentAssemblyName + ".dll")) ? precompiled : portable;
    }

    /// <summary>The agent home: <c>DOTNET_TELEMETRY_HOME</c> when set, else the parent of this assembly's folder.</summary>
    private static string LocateHome()
    {
        string? configured = Environment.GetEnvironmentVariable("DOTNET_TELEMETRY_HOME");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }
        string location = typeof(StartupHook).Assembly.Location;
        string hookDirectory = Path.GetDirectoryName(location)
            ?? throw new InvalidOperationException("cannot tell where the startup hook was loaded from");
        return Path.GetDirectoryName(hookDirectory) ?? hookDirectory;
    }

    private static void ReportFailure(string reason)
    {
        try
        {
            Console.Error.WriteLine($"dotnet-telemetry: disabled: {reason}");
        }
        catch
        {
            // stderr closed: nothing left to tell anyone
        }
    }
}
