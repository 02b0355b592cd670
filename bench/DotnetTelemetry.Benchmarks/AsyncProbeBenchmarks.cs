using BenchmarkDotNet.Attributes;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Benchmarks;

/// <summary>The async method of the bench targets in the same configurations as <see cref="ProbeBenchmarks"/>.</summary>
[MemoryDiagnoser]
public class AsyncProbeBenchmarks
{
    private Func<int, int, Task<int>> _plain = null!;
    private Func<int, int, Task<int>> _woven = null!;
    private Drain? _drain;

    [Params("not-woven", "disabled", "not-sampled", "recorded")]
    public string Mode { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _plain = WovenTargets.AddAsync(woven: false);
        _woven = WovenTargets.AddAsync(woven: true);
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
    public int CallAsync() => (Mode == "not-woven" ? _plain(1, 2) : _woven(1, 2)).GetAwaiter().GetResult();
}
