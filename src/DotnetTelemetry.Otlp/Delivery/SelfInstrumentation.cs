namespace DotnetTelemetry.Otlp.Delivery;

/// <summary>
/// Marks the exporter's own thread, and the work that flows from it (the HTTP stack's continuations), so the
/// agent's listeners skip what the export does: its requests (otherwise every export would produce HTTP client
/// events, which would be exported, and so on) and the exceptions thrown on its way (a refused connection, a
/// receiver that closed an idle connection), which are the agent's and never the app's.
/// </summary>
public static class SelfInstrumentation
{
    [ThreadStatic] private static bool t_suppressed;

    private static readonly AsyncLocal<bool> s_suppressedFlow = new();

    /// <summary>True on a thread that is sending telemetry: instrumentation must ignore what it does.</summary>
    public static bool IsSuppressed => t_suppressed || s_suppressedFlow.Value;

    internal static void SuppressOnCurrentThread()
    {
        t_suppressed = true;
        s_suppressedFlow.Value = true;
    }
}
