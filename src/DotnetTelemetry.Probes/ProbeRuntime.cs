using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// The agent's handle on the probes: configure and switch them, reach the ring the drain thread reads,
/// see the current span, and put the agent's own events (exceptions, HTTP, status) into the same ring
/// with the current span context. Woven code never calls this class; it calls <see cref="Probe"/>.
/// </summary>
public static class ProbeRuntime
{
    private static readonly object ConfigureGate = new();

    /// <summary>Whether the probes record. False until the agent configures them.</summary>
    public static bool IsEnabled => ProbeState.Enabled;

    /// <summary>The ring the drain thread reads. <see cref="Configure"/> replaces it when the capacity changes: read this property again after configuring.</summary>
    public static EventRing Ring => Volatile.Read(ref ProbeState.Ring);

    /// <summary>The sampler in effect.</summary>
    public static SamplerKind Sampler => ProbeState.Sampler.Kind;

    /// <summary>The ratio of the ratio samplers in effect.</summary>
    public static double SamplerRatio => ProbeState.Sampler.Ratio;

    /// <summary>
    /// Applies a configuration: sampler, ring capacity (a different capacity replaces the ring; events not
    /// yet read from the old one are lost, so configure before the drain starts), then enables or disables
    /// the probes as <see cref="ProbeConfiguration.Enabled"/> says. Throws <see cref="ArgumentException"/>
    /// on out-of-range values (nothing is changed then).
    /// </summary>
    public static void Configure(ProbeConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Validate();
        lock (ConfigureGate)
        {
            ProbeState.SetSampler(new Sampler(configuration.Sampler, configuration.SamplerRatio));
            int capacity = EventRing.RoundUpCapacity(configuration.RingCapacity);
            if (ProbeState.Ring.Capacity != capacity)
            {
                Volatile.Write(ref ProbeState.Ring, new EventRing(capacity));
            }
            ProbeClock.Select(configuration.Clock); // the first configuration chooses, once per process
            ProbeClock.Recalibrate();
            ProbeState.SetEnabled(configuration.Enabled);
        }
    }

    /// <summary>
    /// Whether <paramref name="activity"/>'s Recorded flag is a real sampling decision (a remote parent, a parent
    /// given by id as with a <c>traceparent</c> header, or a named ActivitySource, up its chain) rather than the
    /// default of a bare <c>new Activity(..)</c>. The rule woven calls follow under a parent-based sampler; the
    /// agent's own events use it too, so that a request's events are kept or dropped together.
    /// </summary>
    public static bool HasSamplingDecision(System.Diagnostics.Activity activity) => ActivityParent.HasSamplingDecision(activity);

    /// <summary>Starts recording (with the configuration in effect; defaults if never configured).</summary>
    public static void Enable() => ProbeState.SetEnabled(true);

    /// <summary>
    /// Stops recording: new calls cost a load and a branch again. Calls already recorded still record
    /// their exits, so entry/exit pairs stay whole.
    /// </summary>
    public static void Disable() => ProbeState.SetEnabled(false);

    /// <summary>
    /// The current span of the calling thread: the innermost recorded (or unsampled) woven call
    /// (<see cref="CurrentWovenSpan"/>), else the current W3C <see cref="Activity"/>, else an invalid default context.
    /// </summary>
    public static SpanContext CurrentSpan
    {
        get
        {
            var woven = CurrentWovenSpan;
            if (woven.IsValid)
            {
                return woven;
            }
            if (ActivityParent.TryGet(out ulong high, out ulong low, out ulong span, out _, out bool recorded))
            {
                return new SpanContext(high, low, span, ActivityParent.ParentSpanId(), recorded);
            }
            return default;
        }
    }

    /// <summary>
    /// The woven call the calling code runs inside (recorded or not: <see cref="SpanContext.IsSampled"/> says which),
    /// else an invalid default context; never an Activity. What the agent hangs under a woven function (an outgoing
    /// HTTP call's span, the trace id of an Activity started with no parent) asks here, and only here, so that a
    /// fallback for spans kept outside the thread's slot can be added in one place.
    /// </summary>
    public static SpanContext CurrentWovenSpan
    {
        get
        {
            var woven = WovenCall.Current(ThreadState.CurrentOrNull);
            return woven.IsSet
                ? new SpanContext(woven.TraceIdHigh, woven.TraceIdLow, woven.SpanId, woven.ParentSpanId, (woven.ContextFlags & CallScopeFlags.Sampled) != 0)
                : default;
        }
    }

    /// <summary>A new random span id (never 0), from the calling thread's generator.</summary>
    public static ulong NewSpanId() => ThreadState.Current.Ids.NextNonZero();

    /// <summary>A new random trace id (never all zero).</summary>
    public static void NewTraceId(out ulong high, out ulong low)
    {
        var thread = ThreadState.Current;
        high = thread.Ids.Next();
        low = thread.Ids.NextNonZero();
    }

    /// <summary>Records an exception being thrown (<see cref="EventKind.ExceptionEntry"/>) in the current span.</summary>
    public static bool EmitExceptionThrown(Exception exception) => Emit(EventKind.ExceptionEntry, exception);

    /// <summary>Records an exception being caught, or reaching the top unhandled (<see cref="EventKind.ExceptionExit"/>), in the current span.</summary>
    public static bool EmitExceptionCaught(Exception exception) => Emit(EventKind.ExceptionExit, exception);

    /// <summary>
    /// Records an event in the calling thread's current span (see <see cref="CurrentSpan"/>): the event gets
    /// that span's ids. With no current span the sampler decides as for a new root, and the event gets a
    /// new trace and span id. Returns false when not recorded (disabled, not sampled, ring full).
    /// </summary>
    /// <param name="kind">What happened.</param>
    /// <param name="payload">An object the drain thread turns into text (never touched on this thread).</param>
    /// <param name="argument">A small kind-specific number (<see cref="EventRecord.Argument"/>).</param>
    /// <param name="durationTicks">A duration in <see cref="ProbeClock"/> ticks (a difference of two <see cref="ProbeClock.GetTimestamp"/> reads), for events that close something.</param>
    public static bool Emit(EventKind kind, object? payload = null, long argument = 0, long durationTicks = 0)
    {
        try
        {
            if (!ProbeState.Enabled) return false;
            var thread = ThreadState.Current;
            ulong high, low, span, parent;
            CallScopeFlags flags;
            var woven = WovenCall.Current(thread);
            if (woven.IsSet)
            {
                high = woven.TraceIdHigh;
                low = woven.TraceIdLow;
                span = woven.SpanId;
                parent = woven.ParentSpanId;
                flags = woven.ContextFlags;
            }
            else
            {
                if (ActivityParent.TryGet(out high, out low, out span, out bool decided, out bool recorded))
                {
                    parent = ActivityParent.ParentSpanId();
                    flags = ProbeState.Sampler.DecideWithParent(decided, recorded, low);
                }
                else
                {
                    high = thread.Ids.Next();
                    low = thread.Ids.NextNonZero();
                    span = thread.Ids.NextNonZero();
                    parent = 0;
                    flags = ProbeState.Sampler.DecideRoot(low);
                }
            }
            if ((flags & CallScopeFlags.Sampled) == 0) return false;
            return Write(thread, kind, high, low, span, parent, flags, payload, argument, durationTicks);
        }
        catch
        {
            return false;
        }
    }

    /// <summary>
    /// Records an event with an explicit span context (for example an HTTP exchange's own span, whose parent
    /// is <see cref="CurrentSpan"/>). Recorded only when enabled and <paramref name="context"/> is valid and sampled.
    /// </summary>
    public static bool Emit(EventKind kind, in SpanContext context, object? payload = null, long argument = 0, long durationTicks = 0)
    {
        try
        {
            if (!ProbeState.Enabled || !context.IsValid || !context.IsSampled) return false;
            return Write(ThreadState.Current, kind, context.TraceIdHigh, context.TraceIdLow, context.SpanId,
                context.ParentSpanId, CallScopeFlags.Sampled, payload, argument, durationTicks);
        }
        catch
        {
            return false;
        }
    }

    /// <summary>
    /// Records the agent's self-telemetry (<see cref="EventKind.AgentStatus"/>) with fresh ids, whether or not
    /// the probes are enabled and regardless of sampling. False only when the ring is full.
    /// </summary>
    public static bool EmitAgentStatus(object? payload, long argument = 0)
    {
        try
        {
            var thread = ThreadState.Current;
            ulong high = thread.Ids.Next(), low = thread.Ids.NextNonZero(), span = thread.Ids.NextNonZero();
            return Write(thread, EventKind.AgentStatus, high, low, span, 0, CallScopeFlags.Sampled, payload, argument, 0);
        }
        catch
        {
            return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Write(ThreadState thread, EventKind kind, ulong high, ulong low, ulong span, ulong parent,
        CallScopeFlags flags, object? payload, long argument, long duration)
    {
        var ring = ProbeState.Ring;
        ref EventRecord record = ref ring.TryClaim(out long position);
        if (Unsafe.IsNullRef(ref record)) return false;
        record.Timestamp = ProbeClock.GetTimestamp();
        record.Duration = duration;
        record.TraceIdHigh = high;
        record.TraceIdLow = low;
        record.SpanId = span;
        record.ParentSpanId = parent;
        record.Argument = argument;
        record.MethodId = 0;
        record.ThreadId = thread.ThreadId;
        record.SampleRate = ProbeState.Sampler.RateFor(flags);
        record.SiteId = 0;
        record.Kind = kind;
        record.TraceFlags = (byte)(flags & CallScopeFlags.Sampled);
        ring.Publish(position, payload);
        return true;
    }
}
