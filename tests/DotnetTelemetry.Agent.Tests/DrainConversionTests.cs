using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Drain;
using DotnetTelemetry.Probes;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Tests;

[Collection(RingCollection.Name)]
public class DrainConversionTests : RingTestBase
{
    [Fact]
    public void Function_records_become_entry_exit_events_with_names_locations_and_nesting()
    {
        int outerId = MethodRegistry.Register("Shop.Orders.Place(int)", "/src/Shop/Orders.cs", 42);
        int innerId = MethodRegistry.Register("Shop.Orders.Price(int)", null, 0);

        var outer = Probe.Enter(outerId);
        var inner = Probe.Enter(innerId);
        Probe.Exit(ref inner);
        var failure = new InvalidOperationException("out of stock");
        Probe.Fault(ref outer, failure);
        Probe.Exit(ref outer);

        var events = Drain();

        Assert.Equal(new[] { "function_entry", "function_entry", "function_exit", "function_exit" }, events.Select(e => e.Str("event_type")));
        Assert.Equal(new[] { "Shop.Orders.Place(int)", "Shop.Orders.Price(int)", "Shop.Orders.Price(int)", "Shop.Orders.Place(int)" },
            events.Select(e => e.Str("function_name")));
        Assert.Equal("/src/Shop/Orders.cs", events[0].Str("attributes", "code.file.path"));
        Assert.Equal("42", events[0].Str("attributes", "code.line.number"));
        Assert.Null(events[1].Str("attributes", "code.file.path"));

        // Sequences are the ring positions, in order; one trace; the inner call is a child of the outer one.
        var sequences = events.Select(e => long.Parse(e.Str("sequence")!)).ToArray();
        Assert.Equal(sequences.OrderBy(s => s), sequences);
        Assert.Single(events.Select(e => e.Str("trace_id")).Distinct());
        Assert.Equal(events[0].Str("span_id"), events[1].Str("parent_span_id"));
        Assert.Equal(events[1].Str("span_id"), events[2].Str("span_id"));
        Assert.Equal(events[0].Str("span_id"), events[3].Str("span_id"));

        // Exits carry durations; the faulted exit carries the error block.
        Assert.NotNull(events[2].Str("duration_ns"));
        Assert.Null(events[2].Str("error"));
        Assert.Equal("System.InvalidOperationException", events[3].Str("error", "type"));
        Assert.Equal("out of stock", events[3].Str("error", "message"));
        Assert.Equal("ERROR", events[3].Str("severity"));

        // Timestamps are wall-clock Unix nanoseconds of now.
        long ns = long.Parse(events[0].Str("timestamp_ns")!);
        long nowNs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        Assert.InRange(ns, nowNs - 60_000_000_000L, nowNs + 1_000_000_000L);
    }

    [Fact]
    public void Unknown_method_ids_read_as_unknown_never_fail()
    {
        var scope = Probe.Enter(987654);
        Probe.Exit(ref scope);
        var events = Drain();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("<unknown>", e.Str("function_name")));
    }

    [Fact]
    public void Status_records_carry_ring_and_sink_counters()
    {
        ProbeRuntime.EmitAgentStatus(new AgentStatusPayload
        {
            RingCapacity = 1024,
            RingWritten = 10,
            RingDropped = 3,
            UptimeSeconds = 1.5,
            Sinks = new (string, ITelemetrySink)[] { ("file", new FlushCountingSink(new SinkCounters(7, 2, 1))) },
        });
        var status = Assert.Single(Drain());
        Assert.Equal("agent_status", status.Str("event_type"));
        Assert.Equal("3", status.Str("attributes", "ring.dropped"));
        Assert.Equal("7", status.Str("attributes", "sink.file.exported"));
        Assert.Equal("2", status.Str("attributes", "sink.file.dropped"));
        Assert.Equal("1", status.Str("attributes", "sink.file.failures"));
    }

    [Fact]
    public void Status_sink_counters_cover_every_event_before_it_even_in_the_same_batch()
    {
        var sink = new FlushCountingSink();
        for (int i = 0; i < 3; i++)
        {
            var scope = Probe.Enter(MethodRegistry.Register("A.Counted()", null, 0));
            Probe.Exit(ref scope);
        }
        ProbeRuntime.EmitAgentStatus(new AgentStatusPayload
        {
            RingCapacity = 1024,
            RingWritten = 6,
            RingDropped = 0,
            UptimeSeconds = 1,
            Sinks = new (string, ITelemetrySink)[] { ("file", sink) },
        });

        var drain = new DrainThread(() => ProbeRuntime.Ring, new ITelemetrySink[] { sink },
            new EventConverter(new AgentConfig()), null, Array.Empty<PeriodicChore>());
        Assert.Equal(7, drain.DrainBatch()); // one batch: the six function events and the status

        var status = sink.Events.Last();
        Assert.Equal("agent_status", status.Str("event_type"));
        // Like the file and stdout sinks, this one counts events as exported only when it flushes them.
        Assert.Equal("6", status.Str("attributes", "sink.file.exported"));
    }

    /// <summary>Counts written events as exported at flush, as the buffered sinks do; or reports fixed counters.</summary>
    private sealed class FlushCountingSink : ITelemetrySink
    {
        private readonly SinkCounters? _fixed;
        private readonly CapturingSink _capture = new();
        private int _unflushed;
        private long _exported;

        public FlushCountingSink(SinkCounters? fixedCounters = null) => _fixed = fixedCounters;

        public List<System.Text.Json.JsonElement> Events => _capture.Events;
        public string Name => "flush-counting";
        public SinkCounters Counters => _fixed ?? new SinkCounters(_exported, 0, 0);

        public void Write(TelemetryEvent telemetryEvent)
        {
            _capture.Write(telemetryEvent);
            _unflushed++;
        }

        public void Flush(TimeSpan timeout)
        {
            _exported += _unflushed;
            _unflushed = 0;
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void Resource_blocks_are_attached_to_every_event()
    {
        var resource = new ResourceInfo { Environment = "qa" };
        resource.Service.Name = "orders";
        var scope = Probe.Enter(MethodRegistry.Register("A.B()", null, 0));
        Probe.Exit(ref scope);
        var events = Drain(resource: resource);
        Assert.All(events, e =>
        {
            Assert.Equal("orders", e.Str("service", "name"));
            Assert.Equal("qa", e.Str("environment"));
        });
    }

    [Fact]
    public void Long_messages_are_cut_to_the_configured_length()
    {
        var scope = Probe.Enter(MethodRegistry.Register("A.Long()", null, 0));
        Probe.Fault(ref scope, new Exception(new string('m', 5000)));
        Probe.Exit(ref scope);
        var exit = Drain(new AgentConfig { MaxMessageLength = 100 }).Last();
        string message = exit.Str("error", "message")!;
        Assert.True(message.Length <= 100, $"{message.Length} characters");
        Assert.Contains("more characters", message);
    }
}
