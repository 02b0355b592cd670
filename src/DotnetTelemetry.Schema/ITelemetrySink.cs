namespace DotnetTelemetry.Schema;

/// <summary>
/// A destination for events (NDJSON file/stdout, OTLP, ECS, EventSource). Called only from the agent's
/// drain thread, in sequence order. A sink never throws: it counts and reports its own failures.
/// </summary>
public interface ITelemetrySink : IDisposable
{
    /// <summary>Short name for diagnostics, e.g. "file:/var/log/app.ndjson" or "otlp".</summary>
    string Name { get; }

    /// <summary>Takes one event. The instance is reused after the call returns: copy what must outlive it.</summary>
    void Write(TelemetryEvent telemetryEvent);

    /// <summary>End of a drained batch: push buffered data out, waiting at most <paramref name="timeout"/>.</summary>
    void Flush(TimeSpan timeout);

    /// <summary>Events this sink has delivered and dropped so far (for the agent's status event).</summary>
    SinkCounters Counters { get; }
}

/// <summary>Delivery counts of one sink.</summary>
public readonly record struct SinkCounters(long Exported, long Dropped, long Failures);
