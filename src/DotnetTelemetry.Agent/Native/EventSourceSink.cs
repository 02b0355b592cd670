using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// Sends events to an attached <c>dotnet-telemetry attach</c> through <see cref="TelemetryEventSource"/>.
/// With no session listening, events are counted as dropped: nothing is buffered for a CLI that may never come.
/// </summary>
internal sealed class EventSourceSink : ITelemetrySink
{
    private readonly Func<TelemetryEvent, string> _format;
    private long _exported;
    private long _dropped;
    private long _failures;

    /// <param name="format">Turns an event into its one-line JSON form (telemetry v3).</param>
    public EventSourceSink(Func<TelemetryEvent, string> format)
    {
        _format = format;
    }

    /// <summary>A sink sending telemetry v3 lines (the drain thread is its only caller, so one formatter serves).</summary>
    public static EventSourceSink WithV3Lines()
    {
        var formatter = new Sinks.V3LineFormatter();
        return new EventSourceSink(e => System.Text.Encoding.UTF8.GetString(formatter.Format(e)).TrimEnd('\n'));
    }

    public string Name => "eventsource:" + TelemetryEventSource.ProviderName;

    public SinkCounters Counters => new(Interlocked.Read(ref _exported), Interlocked.Read(ref _dropped), Interlocked.Read(ref _failures));

    public void Write(TelemetryEvent telemetryEvent)
    {
        if (!TelemetryEventSource.Log.IsEnabled())
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        try
        {
            TelemetryEventSource.Log.Telemetry(_format(telemetryEvent));
            Interlocked.Increment(ref _exported);
        }
        catch
        {
            Interlocked.Increment(ref _failures);
        }
    }

    public void Flush(TimeSpan timeout)
    {
    }

    public void Dispose()
    {
    }
}
