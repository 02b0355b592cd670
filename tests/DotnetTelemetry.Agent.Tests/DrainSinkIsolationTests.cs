using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Drain;
using DotnetTelemetry.Probes;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Tests;

[Collection(RingCollection.Name)]
public class DrainSinkIsolationTests : RingTestBase
{
    private sealed class ThrowingSink : ITelemetrySink
    {
        public string Name => "throwing";
        public SinkCounters Counters => new(0, 0, 0);
        public void Write(TelemetryEvent telemetryEvent) => throw new IOException("disk full");
        public void Flush(TimeSpan timeout) { }
        public void Dispose() { }
    }

    [Fact]
    public void A_sink_that_throws_costs_the_sinks_after_it_nothing()
    {
        int methodId = MethodRegistry.Register("Shop.Isolated.Call()", null, 0);
        var scope = Probe.Enter(methodId);
        Probe.Exit(ref scope);

        var capture = new CapturingSink();
        var drain = new DrainThread(() => ProbeRuntime.Ring, new ITelemetrySink[] { new ThrowingSink(), capture },
            new EventConverter(new AgentConfig()), null, Array.Empty<PeriodicChore>());
        while (drain.DrainBatch() > 0)
        {
        }

        Assert.Equal(new[] { "function_entry", "function_exit" }, capture.Events.Select(e => e.Str("event_type")));
    }
}
