using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Benchmarks;

/// <summary>A background consumer that empties the ring into nothing, standing in for the agent's drain thread.</summary>
internal sealed class Drain : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;

    public Drain()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "bench-drain" };
        _thread.Start();
    }

    public long Read { get; private set; }

    private void Run()
    {
        var records = new EventRecord[1024];
        var payloads = new object?[1024];
        while (!_stop)
        {
            int n = ProbeRuntime.Ring.ReadBatch(records, payloads);
            Read += n;
            if (n == 0) Thread.Sleep(1);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
