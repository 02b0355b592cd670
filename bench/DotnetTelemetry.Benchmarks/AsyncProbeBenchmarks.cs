using BenchmarkDotNet.Attributes;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Benchmarks;

/// <summary>
/// The async method of the bench targets in the same configurations as <see cref="ProbeBenchmarks"/>, woven ahead of
/// time (scope in a state-machine field) and at load time (profiler, attach: scope in a probe-side holder).
/// </summary>
[MemoryDiagnoser]
public class AsyncProbeBenchmarks
{
    private Func<int, int, Task<int>> _call = null!;
    private Func<int, int, Task<int>> _plain = null!;
    private Drain? _drain;
    private System.Diagnostics.ActivityListener? _listener;

    [Params("not-woven", "disabled", "not-sampled", "recorded", "activity")]
    public string Mode { get; set; } = "";

    [Params("ahead-of-time", "load-time")]
    public string Weaving { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        // The call is picked here, not per call: a dispatch in the measured method would be measured too.
        _plain = WovenTargets.AddAsync(woven: false);
        _call = Mode is "not-woven" ? _plain : WovenTargets.AddAsync(Weaving);
        _drain = ProbeModes.Apply(Mode, ringCapacity: 1 << 20);
        if (Mode == "activity")
        {
            _listener = ActivityBaseline.Listen();
            _call = CallInActivityAsync;
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
    public int CallAsync() => _call(1, 2).GetAwaiter().GetResult();

    // The OpenTelemetry way: a span around the call. Its async wrapper is one more state machine (completing
    // synchronously, as the woven method's does), which is what instrumenting an async call by hand costs too.
    private async Task<int> CallInActivityAsync(int a, int b)
    {
        using (ActivityBaseline.Source.StartActivity("AddAsync"))
        {
            return await _plain(a, b);
        }
    }
}
