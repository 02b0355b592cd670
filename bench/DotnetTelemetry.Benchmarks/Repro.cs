using System.Diagnostics;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Benchmarks;

/// <summary>
/// A plain loop over one configuration of <see cref="ProbeBenchmarks"/>, without BenchmarkDotNet: small
/// enough to run under valgrind/callgrind or with DOTNET_JitDisasm, and quick on a loaded machine.
/// Usage: DotnetTelemetry.Benchmarks.dll repro MODE [calls] [ring capacity]
/// </summary>
internal static class Repro
{
    public static int Run(string[] args)
    {
        string mode = args.Length > 1 ? args[1] : "disabled";
        long calls = args.Length > 2 ? long.Parse(args[2]) : 20_000_000;
        if (args.Length > 3) ProbeBenchmarks.RecordedRingCapacity = int.Parse(args[3]);
        var benchmark = new ProbeBenchmarks { Mode = mode };
        benchmark.Setup();
        int sink = 0;
        for (int round = 0; round < 5; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (long i = 0; i < calls; i++) sink += benchmark.Call();
            double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls;
            Console.WriteLine($"{mode}: {ns:F2} ns/call");
        }
        long dropped = ProbeRuntime.Ring.Dropped;
        benchmark.Cleanup();
        if (dropped > 0) Console.WriteLine($"dropped {dropped} events (ring full): the figures above are too low");
        return sink == 42 ? 1 : 0;
    }
}
