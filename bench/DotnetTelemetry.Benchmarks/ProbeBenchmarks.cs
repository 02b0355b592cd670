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
    private Func<int, int, int> _call = null!;
    private ActivityListener? _listener;
    private Drain? _drain;
    private CallScope _openParent;

    /// <summary>Ring size for the recorded modes (the repro loop varies it: cache footprint vs drops).</summary>
    internal static int RecordedRingCapacity = 1 << 20;

    /// <summary>
    /// "recorded" calls are roots (a new trace each: ids drawn, Activity.Current looked at); "recorded-child"
    /// calls run inside an open span on the benchmark thread, the common case in a traced app.
    /// </summary>
    [Params("not-woven", "disabled", "not-sampled", "recorded", "recorded-child", "activity")]
    public string Mode { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _plain = WovenTargets.Add(woven: false);
        var woven = WovenTargets.Add(woven: true);
        // The call is picked here, not per call: a dispatch in the measured method would be measured too.
        _call = woven;
        switch (Mode)
        {
            case "not-woven":
                _call = _plain;
                break;
            case "disabled":
                ProbeRuntime.Configure(new ProbeConfiguration { Enabled = false });
                break;
            case "not-sampled":
                ProbeRuntime.Configure(new ProbeConfiguration { Sampler = SamplerKind.AlwaysOff });
                break;
            case "recorded":
            case "recorded-child":
                ProbeRuntime.Configure(new ProbeConfiguration { Sampler = SamplerKind.AlwaysOn, RingCapacity = RecordedRingCapacity });
                _drain = new Drain();
                if (Mode == "recorded-child")
                {
                    // Stays open until cleanup; BenchmarkDotNet's in-process toolchain runs setup and calls on one thread.
                    Probe.Enter(ref _openParent, 1);
                }
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
                _call = CallInActivity;
                break;
            default:
                throw new ArgumentException($"unknown mode {Mode}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Probe.Exit(ref _openParent);
        _drain?.Dispose();
        _listener?.Dispose();
        ProbeRuntime.Disable();
    }

    [Benchmark]
    public int Call() => _call(1, 2);

    private int CallInActivity(int a, int b)
    {
        using (Source.StartActivity("Add"))
        {
            return _plain(a, b);
        }
    }
}

/// <summary>The clock a recorded call reads once per probe: report it beside every per-call figure.</summary>
public class ClockBenchmarks
{
    [Benchmark]
    public long StopwatchGetTimestamp() => Stopwatch.GetTimestamp();
}
