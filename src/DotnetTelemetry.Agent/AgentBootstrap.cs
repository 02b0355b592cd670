using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Internal;

namespace DotnetTelemetry.Agent;

/// <summary>
/// The agent's entry point, called by the startup hook (through reflection, from the agent's own load context)
/// with the agent home directory. Reads the configuration; on a bad value prints one line and stays off.
/// </summary>
public static class AgentBootstrap
{
    private static int s_started;

    /// <summary>The running agent, if any (for the attach control channel and diagnostics).</summary>
    internal static AgentRuntime? Current { get; private set; }

    public static void Start(string agentHome)
    {
        if (Interlocked.Exchange(ref s_started, 1) != 0)
        {
            return;
        }
        // The app's main thread (startup hook) or the runtime's diagnostics thread (attach): the agent's work here,
        // and anything it throws, is never the app's.
        using var agent = AgentCode.Enter();
        try
        {
            var result = ConfigParser.FromEnvironment();
            if (result.ErrorLine is { } error)
            {
                Console.Error.WriteLine(error);
                return;
            }
            var config = result.Config!;
            if (!config.Enabled)
            {
                return;
            }
            Current = AgentRuntime.Start(config, agentHome, Environment.GetEnvironmentVariable);
        }
        catch (Exception e)
        {
            try
            {
                Console.Error.WriteLine($"dotnet-telemetry: disabled: the agent failed to start ({e.GetType().Name}: {e.Message})");
            }
            catch
            {
            }
        }
    }
}
