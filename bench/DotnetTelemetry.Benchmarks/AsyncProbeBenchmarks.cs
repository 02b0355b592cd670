using BenchmarkDotNet.Attributes;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Benchmarks;

/// <summary>The async method of the bench targets in the same configurations as <see cref="ProbeBenchmarks"/>.</summary>
[MemoryDiagnoser]
public class AsyncProbeBenchmarks
{
    private Func<int, int, Task<int>> _call = null!;
    private Drain? _drain;

    [Params("not-woven", "disabled", "not-sampled", "recorded")]
    public string Mode { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        // The call is picked here, not per call: a dispatch in the measured method would be measured too.
        _call = WovenTargets.AddAsync(woven: Mode != "not-woven");
        switch (Mode)
        {
            case "disabled":
                ProbeRuntime.Configure(new ProbeConfiguration { Enabled = false });
                break;
            case "not-sampled":
                ProbeRuntime.Configure(new ProbeConfiguration { Sampler = SamplerKind.AlwaysOff });
                break;
            case "recorded":
                ProbeRuntime.Configure(new ProbeConfiguration { Sampler = SamplerKind.AlwaysOn, RingCapacity = 1 << 20 });
                _drain = new Drain();
                break;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _drain?.Dispose();
        ProbeRuntime.Disable();
    }

    [Benchmark]
    public int CallAsync() => _call(1, 2).GetAwaiter().GetResult();
}
