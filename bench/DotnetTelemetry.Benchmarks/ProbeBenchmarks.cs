using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Benchmarks;

/// <summary>
/// Cost per call of a small method: (a) not woven, (b) woven with the agent off, (c) woven and not sampled,
/// (d) woven and recorded (drained to nothing), (e) the same method wrapped by hand in an Activity with an
/// all-data listener (what the OpenTelemetry SDK costs per span). Also the clock's own cost.
/// </summary>
[MemoryDiagnoser]
public class ProbeBenchmarks
{
    private const string SourceName = "DotnetTelemetry.Benchmarks";
    private static readonly ActivitySource Source = new(SourceName);
    private Func<int, int, int> _plain = null!;
    private Func<int, int, int> _woven = null!;
    // Hand-woven equivalents (HandWoven.cs), called through delegates like the woven method.
    private readonly Func<int, int, int> _handReturned = HandWoven.AddReturnedScope;
    private readonly Func<int, int, int> _handInPlace = HandWoven.AddScopeInPlace;
    private ActivityListener? _listener;
    private Drain? _drain;

    /// <summary>Ring size for the recorded modes (the repro loop varies it: cache footprint vs drops).</summary>
    internal static int RecordedRingCapacity = 1 << 20;

    [Params("not-woven", "disabled", "disabled-hand", "disabled-hand-inplace", "not-sampled", "recorded", "recorded-hand-inplace", "activity")]
    public string Mode { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _plain = WovenTargets.Add(woven: false);
        _woven = WovenTargets.Add(woven: true);
        switch (Mode)
        {
            case "disabled":
            case "disabled-hand":
            case "disabled-hand-inplace":
                ProbeRuntime.Configure(new ProbeConfiguration { Enabled = false });
                break;
            case "not-sampled":
                ProbeRuntime.Configure(new ProbeConfiguration { Sampler = SamplerKind.AlwaysOff });
                break;
            case "recorded":
            case "recorded-hand-inplace":
                ProbeRuntime.Configure(new ProbeConfiguration { Sampler = SamplerKind.AlwaysOn, RingCapacity = RecordedRingCapacity });
                _drain = new Drain();
                break;
            case "recorded-no-drain": // repro loop only: producer cost alone, the ring must hold every event
                ProbeRuntime.Configure(new ProbeConfiguration { Sampler = SamplerKind.AlwaysOn, RingCapacity = RecordedRingCapacity });
                break;
            case "activity":
                _listener = new ActivityListener
                {
                    // By name: comparing with the static field read it lazily from inside this callback, while the
                    // field's own initializer (new ActivitySource, which calls the listeners) was still running,
                    // so it saw null and the source was never listened to (StartActivity returned null).
                    ShouldListenTo = source => source.Name == SourceName,
                    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                };
                ActivitySource.AddActivityListener(_listener);
                using (var probe = Source.StartActivity("Add"))
                {
                    // The comparison is only fair if the listener really makes StartActivity create a span.
                    if (probe is null || !probe.Recorded)
                    {
                        throw new InvalidOperationException($"the all-data listener did not sample: StartActivity returned {(probe is null ? "null" : "an unrecorded Activity")} (listeners: {Source.HasListeners()})");
                    }
                }
                break;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _drain?.Dispose();
        _listener?.Dispose();
        ProbeRuntime.Disable();
    }

    [Benchmark]
    public int Call()
    {
        switch (Mode)
        {
            case "not-woven":
                return _plain(1, 2);
            case "activity":
                using (Source.StartActivity("Add"))
                {
                    return _plain(1, 2);
                }
            case "disabled-hand":
                return _handReturned(1, 2);
            case "disabled-hand-inplace":
            case "recorded-hand-inplace":
                return _handInPlace(1, 2);
            default:
                return _woven(1, 2);
        }
    }
}

/// <summary>The clock a recorded call reads once per probe: report it beside every per-call figure.</summary>
public class ClockBenchmarks
{
    [Benchmark]
    public long StopwatchGetTimestamp() => Stopwatch.GetTimestamp();
}
