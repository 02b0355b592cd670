namespace DotnetTelemetry.Probes;

/// <summary>
/// Records spans into the ring buffer. Placeholder until the in-process agent issue lands:
/// it records nothing, so woven code runs with its probes dormant.
/// </summary>
internal static class SpanRecorder
{
    internal static CallScope Enter(int methodId) => default;

    internal static void Exit(ref CallScope scope) { }

    internal static SpanContextToken AsyncStep(ref CallScope scope, int methodId) => default;

    internal static void AsyncStepEnd(SpanContextToken previous) { }

    internal static void AsyncEnd(ref CallScope scope, Exception? exception) { }
}
