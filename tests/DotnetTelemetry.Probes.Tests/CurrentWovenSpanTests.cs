using System.Diagnostics;
using DotnetTelemetry.Probes;
using static DotnetTelemetry.Probes.Tests.ProbeTestSupport;

namespace DotnetTelemetry.Probes.Tests;

/// <summary>
/// <see cref="ProbeRuntime.CurrentWovenSpan"/>: the parent the agent gives what a woven function starts outside woven
/// code (an HttpClient call, a root Activity's trace id). Only woven calls answer, never an Activity.
/// </summary>
[Collection(ProbeStateCollection.Name)]
public sealed class CurrentWovenSpanTests : IDisposable
{
    public CurrentWovenSpanTests() => Configure();

    public void Dispose()
    {
        ClearThread();
        ProbeRuntime.Disable();
    }

    [Fact]
    public void It_is_the_innermost_woven_call_and_follows_exits()
    {
        Assert.False(ProbeRuntime.CurrentWovenSpan.IsValid);
        var outer = Probe.Enter(1);
        var inner = Probe.Enter(2);
        var insideInner = ProbeRuntime.CurrentWovenSpan;
        Probe.Exit(ref inner);
        var afterInner = ProbeRuntime.CurrentWovenSpan;
        Probe.Exit(ref outer);

        Assert.Equal(inner.SpanId, insideInner.SpanId);
        Assert.Equal(outer.SpanId, insideInner.ParentSpanId);
        Assert.Equal((outer.TraceIdHigh, outer.TraceIdLow), (insideInner.TraceIdHigh, insideInner.TraceIdLow));
        Assert.True(insideInner.IsSampled);
        Assert.Equal(outer.SpanId, afterInner.SpanId);
        Assert.False(ProbeRuntime.CurrentWovenSpan.IsValid);
    }

    [Fact]
    public void An_Activity_alone_is_no_woven_span_though_it_is_the_current_span()
    {
        using var activity = new Activity("request").Start();
        Assert.True(ProbeRuntime.CurrentSpan.IsValid);
        Assert.False(ProbeRuntime.CurrentWovenSpan.IsValid);

        var scope = Probe.Enter(1);
        var woven = ProbeRuntime.CurrentWovenSpan;
        Probe.Exit(ref scope);
        Assert.Equal(scope.SpanId, woven.SpanId);
        Assert.Equal(activity.TraceId.ToHexString(), woven.TraceIdHex);
    }

    [Fact]
    public void An_unsampled_call_is_current_with_its_trace_and_not_sampled()
    {
        Configure(SamplerKind.TraceIdRatio, ratio: 0);
        var scope = Probe.Enter(1);
        var woven = ProbeRuntime.CurrentWovenSpan;
        Probe.Exit(ref scope);

        Assert.False(scope.IsRecording);
        Assert.True(woven.IsValid);
        Assert.False(woven.IsSampled);
        Assert.Empty(Drain());
        Assert.False(ProbeRuntime.CurrentWovenSpan.IsValid);
    }

    [Fact]
    public void An_async_step_makes_its_span_current_on_the_thread_that_runs_it_and_the_step_end_takes_it_away()
    {
        var scope = default(CallScope);
        var first = Probe.AsyncStep(ref scope, 7);
        var inFirstStep = ProbeRuntime.CurrentWovenSpan;
        Probe.AsyncStepEnd(first);
        Assert.False(ProbeRuntime.CurrentWovenSpan.IsValid);

        var onOtherThread = Task.Run(() =>
        {
            var step = Probe.AsyncStep(ref scope, 7);
            var inStep = ProbeRuntime.CurrentWovenSpan;
            Probe.AsyncStepEnd(step);
            return (inStep, after: ProbeRuntime.CurrentWovenSpan);
        }).Result;
        Probe.AsyncComplete(ref scope);

        Assert.True(inFirstStep.IsValid);
        Assert.Equal(inFirstStep.SpanId, onOtherThread.inStep.SpanId);
        Assert.False(onOtherThread.after.IsValid);
    }
}
