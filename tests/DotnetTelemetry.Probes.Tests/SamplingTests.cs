using System.Diagnostics;
using DotnetTelemetry.Probes;
using static DotnetTelemetry.Probes.Tests.ProbeTestSupport;

namespace DotnetTelemetry.Probes.Tests;

[Collection(ProbeStateCollection.Name)]
public sealed class SamplingTests : IDisposable
{
    public void Dispose()
    {
        ClearThread();
        ProbeRuntime.Disable();
    }

    /// <summary>Runs <paramref name="roots"/> root calls with one child each; returns how many roots were recorded.</summary>
    private static int RecordedRoots(int roots, out List<Recorded> events)
    {
        int recorded = 0;
        for (int i = 0; i < roots; i++)
        {
            var root = Probe.Enter(1);
            var child = Probe.Enter(2);
            Assert.Equal(root.IsRecording, child.IsRecording); // children follow their root
            Probe.Exit(ref child);
            Probe.Exit(ref root);
            if (root.IsRecording) recorded++;
        }
        events = Drain();
        return recorded;
    }

    [Fact]
    public void Always_on_records_every_trace()
    {
        Configure(SamplerKind.AlwaysOn);
        Assert.Equal(200, RecordedRoots(200, out var events));
        Assert.Equal(800, events.Count);
    }

    [Fact]
    public void Always_off_records_nothing()
    {
        Configure(SamplerKind.AlwaysOff);
        Assert.Equal(0, RecordedRoots(200, out var events));
        Assert.Empty(events);
    }

    [Fact]
    public void Parent_based_always_off_records_no_root()
    {
        Configure(SamplerKind.ParentBasedAlwaysOff);
        Assert.Equal(0, RecordedRoots(100, out var events));
        Assert.Empty(events);
    }

    [Theory]
    [InlineData(SamplerKind.TraceIdRatio, 0.25)]
    [InlineData(SamplerKind.ParentBasedTraceIdRatio, 0.1)]
    public void Ratio_samplers_keep_roughly_the_ratio_and_report_it_as_sample_rate(SamplerKind sampler, double ratio)
    {
        Configure(sampler, ratio);
        const int Roots = 20_000;
        int recorded = RecordedRoots(Roots, out var events);
        double observed = recorded / (double)Roots;
        Assert.InRange(observed, ratio * 0.85, ratio * 1.15);
        Assert.Equal(recorded * 4, events.Count); // whole traces: root and child, entry and exit
        Assert.All(events, e => Assert.Equal((float)ratio, e.Record.SampleRate));
        Assert.All(events, e => Assert.Equal(1, e.Record.TraceFlags));
    }

    [Fact]
    public void Ratio_decision_is_a_deterministic_function_of_the_trace_id_and_monotonic_in_the_ratio()
    {
        var low = new Sampler(SamplerKind.TraceIdRatio, 0.2);
        var high = new Sampler(SamplerKind.TraceIdRatio, 0.6);
        var random = new Random(42);
        for (int i = 0; i < 10_000; i++)
        {
            ulong traceLow = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            var first = low.DecideRoot(traceLow);
            Assert.Equal(first, low.DecideRoot(traceLow));
            if ((first & CallScopeFlags.Sampled) != 0)
            {
                Assert.NotEqual(CallScopeFlags.None, high.DecideRoot(traceLow) & CallScopeFlags.Sampled);
            }
        }
        Assert.Equal(CallScopeFlags.None, new Sampler(SamplerKind.TraceIdRatio, 0).DecideRoot(0));
        Assert.NotEqual(CallScopeFlags.None, new Sampler(SamplerKind.TraceIdRatio, 1).DecideRoot(ulong.MaxValue));
    }

    [Fact]
    public void Children_of_an_unsampled_root_stop_early_and_the_root_exit_clears_the_context()
    {
        Configure(SamplerKind.TraceIdRatio, 0.0);
        var root = Probe.Enter(1);
        Assert.False(root.IsRecording);
        var context = Current;
        Assert.True(context.IsValid);
        Assert.False(context.IsSampled);

        var child = Probe.Enter(2);
        Assert.Equal(default(CallScope), child); // the cheap path: nothing tracked at all
        Assert.Equal(context.SpanId, Current.SpanId);
        Probe.Exit(ref child);
        Assert.Equal(context.SpanId, Current.SpanId);

        Probe.Exit(ref root);
        Assert.False(Current.IsValid);
        Assert.Empty(Drain());
    }

    [Fact]
    public void Sampler_names_parse_like_OTEL_TRACES_SAMPLER()
    {
        foreach (SamplerKind kind in Enum.GetValues<SamplerKind>())
        {
            Assert.True(ProbeConfiguration.TryParseSampler(ProbeConfiguration.SamplerName(kind), out var parsed));
            Assert.Equal(kind, parsed);
        }
        Assert.True(ProbeConfiguration.TryParseSampler(" ParentBased_TraceIdRatio ", out var mixedCase));
        Assert.Equal(SamplerKind.ParentBasedTraceIdRatio, mixedCase);
        Assert.False(ProbeConfiguration.TryParseSampler("sometimes", out _));
        Assert.False(ProbeConfiguration.TryParseSampler(null, out _));
    }

    [Theory]
    [InlineData(-0.1, 1024)]
    [InlineData(1.5, 1024)]
    [InlineData(double.NaN, 1024)]
    [InlineData(0.5, 1)]
    [InlineData(0.5, int.MaxValue)]
    public void Bad_configuration_is_rejected_with_a_clear_error_and_changes_nothing(double ratio, int capacity)
    {
        Configure(SamplerKind.AlwaysOn);
        var ring = ProbeRuntime.Ring;
        var error = Assert.ThrowsAny<ArgumentException>(() =>
            ProbeRuntime.Configure(new ProbeConfiguration { Sampler = SamplerKind.TraceIdRatio, SamplerRatio = ratio, RingCapacity = capacity }));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.DoesNotContain('\n', error.Message); // one line the agent can print as is
        var configuration = new ProbeConfiguration { Sampler = SamplerKind.TraceIdRatio, SamplerRatio = ratio, RingCapacity = capacity };
        Assert.False(configuration.TryValidate(out string? message));
        Assert.Equal(error.Message, message);
        Assert.Same(ring, ProbeRuntime.Ring);
        Assert.Equal(SamplerKind.AlwaysOn, ProbeRuntime.Sampler);
    }

    [Fact]
    public void Configure_rounds_the_ring_capacity_to_a_power_of_two()
    {
        Configure(capacity: 1000);
        Assert.Equal(1024, ProbeRuntime.Ring.Capacity);
        Assert.True(ProbeRuntime.IsEnabled);
        Configure(enabled: false);
        Assert.False(ProbeRuntime.IsEnabled);
    }
}

/// <summary>Function spans nest under the current Activity (the ASP.NET Core request span) and respect its decision.</summary>
[Collection(ProbeStateCollection.Name)]
public sealed class ActivityParentTests : IDisposable
{
    private readonly ActivitySource _source = new("DotnetTelemetry.Probes.Tests." + Guid.NewGuid().ToString("N"));
    private readonly ActivityListener _listener;
    private ActivitySamplingResult _decision = ActivitySamplingResult.AllDataAndRecorded;

    public ActivityParentTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, _source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => _decision,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
        Activity.Current = null;
        ClearThread();
        ProbeRuntime.Disable();
    }

    private static (ulong High, ulong Low) Split(ActivityTraceId id)
    {
        string hex = id.ToHexString();
        return (Convert.ToUInt64(hex[..16], 16), Convert.ToUInt64(hex[16..], 16));
    }

    private static ulong Split(ActivitySpanId id) => Convert.ToUInt64(id.ToHexString(), 16);

    [Fact]
    public void A_root_call_adopts_the_recorded_activity_as_its_parent()
    {
        Configure(SamplerKind.ParentBasedAlwaysOn);
        using var activity = _source.StartActivity("request")!;
        Assert.True(activity.Recorded);

        var scope = Probe.Enter(1);
        var child = Probe.Enter(2);
        Probe.Exit(ref child);
        Probe.Exit(ref scope);

        var events = Drain();
        Assert.Equal(4, events.Count);
        var (high, low) = Split(activity.TraceId);
        Assert.All(events, e => Assert.Equal(high, e.Record.TraceIdHigh));
        Assert.All(events, e => Assert.Equal(low, e.Record.TraceIdLow));
        Assert.Equal(Split(activity.SpanId), events[0].Record.ParentSpanId);
        Assert.Equal(events[0].Record.SpanId, events[1].Record.ParentSpanId);
        Assert.False(Current.SpanId == events[0].Record.SpanId); // the exit put the slot back to empty
        Assert.Equal(Split(activity.SpanId), Current.SpanId);     // and the Activity shows through again
    }

    [Fact]
    public void Parent_based_samplers_follow_an_unrecorded_activity_and_always_on_overrides_it()
    {
        _decision = ActivitySamplingResult.PropagationData; // created, not recorded
        using var activity = _source.StartActivity("request")!;
        Assert.False(activity.Recorded);

        Configure(SamplerKind.ParentBasedAlwaysOn);
        var followed = Probe.Enter(1);
        Assert.False(followed.IsRecording);
        Assert.False(Current.IsSampled);
        Probe.Exit(ref followed);
        Assert.Empty(Drain());

        Configure(SamplerKind.AlwaysOn);
        var overridden = Probe.Enter(1);
        Assert.True(overridden.IsRecording);
        Probe.Exit(ref overridden);
        Assert.Equal(2, Drain().Count);
    }

    [Fact]
    public void Parent_based_always_off_follows_a_recorded_activity()
    {
        Configure(SamplerKind.ParentBasedAlwaysOff);
        using var activity = _source.StartActivity("request")!;
        var scope = Probe.Enter(1);
        Assert.True(scope.IsRecording);
        Probe.Exit(ref scope);
        var events = Drain();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(1f, e.Record.SampleRate)); // the parent decided, not our ratio
    }

    [Fact]
    public void Remote_parent_flags_are_a_decision_but_a_bare_activity_flag_is_not()
    {
        Configure(SamplerKind.ParentBasedAlwaysOn);
        var remote = new Activity("from-header");
        remote.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);
        remote.Start();
        var underRemote = Probe.Enter(1);
        Assert.False(underRemote.IsRecording);
        Probe.Exit(ref underRemote);
        remote.Stop();

        var bare = new Activity("no-listener").Start(); // nobody sampled it: its flag means nothing
        Assert.False(bare.Recorded);
        var underBare = Probe.Enter(1);
        Assert.True(underBare.IsRecording);
        Probe.Exit(ref underBare);
        bare.Stop();

        var events = Drain();
        Assert.Equal(2, events.Count);
        Assert.Equal(Split(bare.TraceId).Low, events[0].Record.TraceIdLow);
    }

    [Fact]
    public void Current_span_prefers_the_innermost_woven_call_over_the_activity()
    {
        Configure();
        using var activity = _source.StartActivity("request")!;
        var fromActivity = ProbeRuntime.CurrentSpan;
        Assert.Equal(Split(activity.SpanId), fromActivity.SpanId);
        Assert.True(fromActivity.IsSampled);

        var scope = Probe.Enter(1);
        Assert.Equal(scope.SpanId, ProbeRuntime.CurrentSpan.SpanId);
        Assert.Equal(Split(activity.SpanId), ProbeRuntime.CurrentSpan.ParentSpanId);
        Probe.Exit(ref scope);
    }
}
