namespace DotnetTelemetry.Otlp.Delivery;

/// <summary>
/// Marks the exporter's own thread, so the agent's HTTP listeners can skip the OTLP requests we send
/// (otherwise every export would produce HTTP client events, which would be exported, and so on).
/// </summary>
public static class SelfInstrumentation
{
    [ThreadStatic] private static bool t_suppressed;

    /// <summary>True on a thread that is sending telemetry: instrumentation must ignore what it does.</summary>
    public static bool IsSuppressed => t_suppressed;

    internal static void SuppressOnCurrentThread() => t_suppressed = true;
}
