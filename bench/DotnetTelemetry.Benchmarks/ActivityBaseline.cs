using System.Diagnostics;

namespace DotnetTelemetry.Benchmarks;

/// <summary>
/// What the OpenTelemetry SDK costs per span, without the SDK: an <see cref="ActivitySource"/> with an all-data
/// listener, so that StartActivity creates and records every span.
/// </summary>
internal static class ActivityBaseline
{
    private const string SourceName = "DotnetTelemetry.Benchmarks";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts listening; throws when StartActivity would still return nothing (the comparison would be unfair).</summary>
    public static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            // By name: comparing with the static field read it lazily from inside this callback, while the
            // field's own initializer (new ActivitySource, which calls the listeners) was still running,
            // so it saw null and the source was never listened to (StartActivity returned null).
            ShouldListenTo = source => source.Name == SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var probe = Source.StartActivity("probe");
        if (probe is null || !probe.Recorded)
        {
            listener.Dispose();
            throw new InvalidOperationException($"the all-data listener did not sample: StartActivity returned {(probe is null ? "null" : "an unrecorded Activity")} (listeners: {Source.HasListeners()})");
        }
        return listener;
    }
}
