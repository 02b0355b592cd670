using DotnetTelemetry.Otlp.Delivery;

namespace DotnetTelemetry.Agent.Internal;

/// <summary>
/// Tells whether the current code is the agent's own, so the agent never reports its own exceptions
/// or HTTP calls as the app's, and never recurses into itself. Agent threads mark themselves for good
/// (and their async flow); listener callbacks and agent work on app threads (startup in the hook, weaving
/// in an assembly load, shutdown in ProcessExit) mark a scope. The OTLP exporter's thread is marked by the
/// exporter itself (it cannot see this class).
/// </summary>
internal static class AgentCode
{
    [ThreadStatic]
    private static int t_depth;

    private static readonly AsyncLocal<bool> s_agentFlow = new();

    public static bool IsActive => t_depth > 0 || s_agentFlow.Value || SelfInstrumentation.IsSuppressed;

    /// <summary>Marks the calling thread and everything that flows from it (tasks, awaits) as agent code.</summary>
    public static void MarkAgentThread()
    {
        t_depth = 1;
        s_agentFlow.Value = true;
    }

    /// <summary>Marks the calling thread as running agent code until the scope is disposed (on this thread).</summary>
    public static Scope Enter()
    {
        t_depth++;
        return default;
    }

    public readonly struct Scope : IDisposable
    {
        public void Dispose() => t_depth--;
    }
}
