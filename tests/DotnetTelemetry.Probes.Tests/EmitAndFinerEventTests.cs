using DotnetTelemetry.Probes;
using static DotnetTelemetry.Probes.Tests.ProbeTestSupport;

namespace DotnetTelemetry.Probes.Tests;

[Collection(ProbeStateCollection.Name)]
public sealed class EmitAndFinerEventTests : IDisposable
{
    public EmitAndFinerEventTests() => Configure();

    public void Dispose()
    {
        ClearThread();
        ProbeRuntime.Disable();
    }

    [Fact]
    public void Exceptions_emitted_inside_a_call_attach_to_its_span()
    {
        var outer = Probe.Enter(1);
        var inner = Probe.Enter(2);
        var error = new FormatException("bad");
        Assert.True(ProbeRuntime.EmitExceptionThrown(error));
        Assert.True(ProbeRuntime.EmitExceptionCaught(error));
        Probe.Exit(ref inner);
        Probe.Exit(ref outer);

        var events = Drain();
        var thrown = Assert.Single(events, e => e.Record.Kind == EventKind.ExceptionEntry);
        var caught = Assert.Single(events, e => e.Record.Kind == EventKind.ExceptionExit);
        Assert.Same(error, thrown.Payload);
        Assert.Same(error, caught.Payload);
        Assert.Equal(inner.SpanId, thrown.Record.SpanId);
        Assert.Equal(outer.SpanId, thrown.Record.ParentSpanId);
        Assert.Equal(outer.TraceIdLow, thrown.Record.TraceIdLow);
        Assert.Equal(0, thrown.Record.MethodId);
        Assert.Equal(1, thrown.Record.TraceFlags);
    }

    [Fact]
    public void Events_outside_any_span_get_fresh_ids_and_follow_the_root_sampler()
    {
        Assert.True(ProbeRuntime.Emit(EventKind.HttpRequest, "GET /", argument: 0));
        var record = Assert.Single(Drain()).Record;
        Assert.NotEqual(0UL, record.SpanId);
        Assert.NotEqual(0UL, record.TraceIdHigh | record.TraceIdLow);
        Assert.Equal(0UL, record.ParentSpanId);

        Configure(SamplerKind.AlwaysOff);
        Assert.False(ProbeRuntime.Emit(EventKind.HttpRequest, "GET /"));
        Assert.Empty(Drain());
    }

    [Fact]
    public void Events_inside_an_unsampled_trace_are_not_recorded()
    {
        Configure(SamplerKind.TraceIdRatio, 0);
        var root = Probe.Enter(1);
        Assert.False(ProbeRuntime.EmitExceptionThrown(new Exception()));
        Probe.Exit(ref root);
        Assert.Empty(Drain());
    }

    [Fact]
    public void Explicit_context_events_carry_exactly_that_context_and_duration()
    {
        var scope = Probe.Enter(1);
        var parent = ProbeRuntime.CurrentSpan;
        var exchange = new SpanContext(parent.TraceIdHigh, parent.TraceIdLow, ProbeRuntime.NewSpanId(), parent.SpanId, sampled: true);
        var details = new object();
        Assert.True(ProbeRuntime.Emit(EventKind.HttpResponse, exchange, details, argument: 200, durationTicks: 1234));
        Assert.False(ProbeRuntime.Emit(EventKind.HttpResponse, default(SpanContext), details));
        Assert.False(ProbeRuntime.Emit(EventKind.HttpResponse, new SpanContext(1, 2, 3, 0, sampled: false), details));
        Probe.Exit(ref scope);

        var response = Assert.Single(Drain(), e => e.Record.Kind == EventKind.HttpResponse);
        Assert.Same(details, response.Payload);
        Assert.Equal(exchange.SpanId, response.Record.SpanId);
        Assert.Equal(scope.SpanId, response.Record.ParentSpanId);
        Assert.Equal(200, response.Record.Argument);
        Assert.Equal(1234, response.Record.Duration);
    }

    [Fact]
    public void Agent_status_is_recorded_even_when_the_probes_are_disabled()
    {
        ProbeRuntime.Disable();
        var status = new { exported = 5 };
        Assert.True(ProbeRuntime.EmitAgentStatus(status, argument: 5));
        var recorded = Assert.Single(Drain());
        Assert.Equal(EventKind.AgentStatus, recorded.Record.Kind);
        Assert.Same(status, recorded.Payload);
        Assert.NotEqual(0UL, recorded.Record.SpanId);
    }

    [Fact]
    public void Finer_events_record_inside_a_recorded_call_with_their_site_and_value()
    {
        var scope = Probe.Enter(9);
        Probe.LoopEnter(ref scope, 100);
        Probe.VariableChange(ref scope, 101, 42);
        Probe.VariableChange(ref scope, 102, 2.5);
        Probe.VariableChange(ref scope, 103, "text");
        Probe.VariableChange(ref scope, 104, true);
        Probe.VariableChange<string?>(ref scope, 105, null);
        Probe.ConditionalEnter(ref scope, 106, 1);
        Probe.ConditionalExit(ref scope, 106);
        Probe.LoopExit(ref scope, 100, 3);
        Assert.True(Probe.IsLive(in scope));
        Probe.Exit(ref scope);
        Assert.False(Probe.IsLive(in scope));
        Probe.LoopEnter(ref scope, 100); // after the exit: ignored

        var events = Drain().Where(e => e.Record.Kind is not (EventKind.FunctionEntry or EventKind.FunctionExit)).ToList();
        Assert.Equal(new[] { EventKind.LoopEntry, EventKind.VariableChange, EventKind.VariableChange, EventKind.VariableChange,
            EventKind.VariableChange, EventKind.VariableChange, EventKind.ConditionalEntry, EventKind.ConditionalExit, EventKind.LoopExit },
            events.Select(e => e.Record.Kind));
        Assert.All(events, e => Assert.Equal(scope.SpanId, e.Record.SpanId));
        Assert.All(events, e => Assert.Equal(9, e.Record.MethodId));
        Assert.Equal(new[] { 100, 101, 102, 103, 104, 105, 106, 106, 100 }, events.Select(e => e.Record.SiteId));

        Assert.Equal(42, Decode(events[1]));
        Assert.Equal(2.5, Decode(events[2]));
        Assert.Equal("text", events[3].Payload);
        Assert.Equal(true, Decode(events[4]));
        Assert.Null(events[5].Payload);
        Assert.Equal(1, events[6].Record.Argument);
        Assert.Equal(3, events[8].Record.Argument);

        static object Decode(Recorded e) => Assert.IsType<PrimitiveValue>(e.Payload).Decode(e.Record.Argument);
    }
}
