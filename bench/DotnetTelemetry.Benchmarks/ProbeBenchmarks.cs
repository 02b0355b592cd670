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
        // The call is picked here, not per call: a dispatch in the measured method would be measured too.
        _call = WovenTargets.Add(woven: true);
        _drain = ProbeModes.Apply(Mode, RecordedRingCapacity);
        switch (Mode)
        {
            case "not-woven":
                _call = _plain;
                break;
            case "recorded-child":
                // Stays open until cleanup; BenchmarkDotNet's in-process toolchain runs setup and calls on one thread.
                Probe.Enter(ref _openParent, 1);
                break;
            case "activity":
                _listener = ActivityBaseline.Listen();
                _call = CallInActivity;
                break;
            case "disabled" or "not-sampled" or "recorded" or "recorded-no-drain":
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
        using (ActivityBaseline.Source.StartActivity("Add"))
        {
            return _plain(a, b);
        }
    }
}

/// <summary>
/// The clocks: what a recorded call reads twice (entry and exit). <see cref="ProbeClock.GetTimestamp"/> is the
/// CPU's timestamp counter where the kernel keeps time with it (see docs/PROBES.md), else the Stopwatch.
/// </summary>
public class ClockBenchmarks
{
    [GlobalSetup]
    public void Setup() => ProbeRuntime.Configure(new ProbeConfiguration { Enabled = false }); // chooses the probes' clock

    [Benchmark(Baseline = true)]
    public long StopwatchGetTimestamp() => Stopwatch.GetTimestamp();

    [Benchmark]
    public long ProbeClockGetTimestamp() => ProbeClock.GetTimestamp();
}
