using BenchmarkDotNet.Attributes;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Benchmarks;

/// <summary>
/// Ring buffer throughput: P producer threads each write a fixed share of the events while one consumer
/// drains concurrently. Reported per event (OperationsPerInvoke), so events/s = 1e9 / mean ns.
/// </summary>
public class RingBenchmarks
{
    private const int EventsPerInvoke = 1 << 20;
    private EventRing _ring = null!;

    [Params(1, 2, 4)]
    public int Producers { get; set; }

    [IterationSetup]
    public void Setup() => _ring = new EventRing(1 << 16);

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public long WriteAndDrain()
    {
        var ring = _ring;
        int perProducer = EventsPerInvoke / Producers;
        var start = new ManualResetEventSlim();
        var producers = Enumerable.Range(0, Producers).Select(p => new Thread(() =>
        {
            var record = new EventRecord { Kind = EventKind.FunctionEntry, MethodId = p };
            start.Wait();
            for (int i = 0; i < perProducer; i++)
            {
                record.Argument = i;
                while (!ring.TryWrite(record, null)) Thread.SpinWait(1); // measure throughput, not drops
            }
        })).ToArray();
        foreach (var thread in producers) thread.Start();

        var records = new EventRecord[1024];
        var payloads = new object?[1024];
        long read = 0;
        start.Set();
        while (read < EventsPerInvoke) read += ring.ReadBatch(records, payloads);
        foreach (var thread in producers) thread.Join();
        return read;
    }
}
