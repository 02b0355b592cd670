using System.Buffers.Binary;
using System.Diagnostics;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Agent.Internal;

/// <summary>
/// The span context the agent's own events (HTTP, exceptions) are recorded in, with the same sampling decision
/// the probes would make: a woven span keeps its decision; an Activity's Recorded flag counts only when it is a
/// real decision (<see cref="ProbeRuntime.HasSamplingDecision"/>) and the sampler is parent-based; otherwise the
/// trace id decides, by the probes' rule, so every event of a trace gets the same answer.
/// </summary>
internal static class TraceContexts
{
    /// <summary>The context of an Activity (its own span); a new span under the current one when there is no Activity.</summary>
    public static SpanContext For(Activity? activity)
    {
        if (activity is not null && TryRead(activity, out ulong high, out ulong low, out ulong span, out ulong parent))
        {
            return new SpanContext(high, low, span, parent, Decide(activity, low));
        }
        var current = Current();
        if (current.IsValid)
        {
            return new SpanContext(current.TraceIdHigh, current.TraceIdLow, ProbeRuntime.NewSpanId(), current.SpanId, current.IsSampled);
        }
        return NewRoot();
    }

    /// <summary>
    /// The context of an outgoing call's span: the HttpClient Activity's own ids (what its <c>traceparent</c> names), and
    /// as parent the woven function the call was made in when that function is in the Activity's trace, so the call
    /// nests under the function instead of beside it (the Activity's own parent is the request, or nothing). The
    /// woven call's decision then stands for the call too: one decision per trace. Another trace (the app started an
    /// Activity with a parent of its own inside the function) keeps the Activity's parent and rule.
    /// </summary>
    public static SpanContext ForClientCall(Activity? activity)
    {
        if (activity is not null && TryRead(activity, out ulong high, out ulong low, out ulong span, out _))
        {
            var woven = ProbeRuntime.CurrentWovenSpan;
            if (woven.IsValid && woven.TraceIdHigh == high && woven.TraceIdLow == low && woven.SpanId != span)
            {
                return new SpanContext(high, low, span, woven.SpanId, woven.IsSampled);
            }
        }
        return For(activity);
    }

    /// <summary>The calling thread's current span (woven call or Activity), or a new root trace when there is none.</summary>
    public static SpanContext CurrentOrNewRoot()
    {
        var current = Current();
        return current.IsValid ? current : NewRoot();
    }

    private static SpanContext Current()
    {
        var current = ProbeRuntime.CurrentSpan;
        if (!current.IsValid)
        {
            return current;
        }
        // The probes answer with the Activity when no woven call is current: apply the Activity rule to it.
        var activity = Activity.Current;
        if (activity is not null && TryRead(activity, out ulong high, out ulong low, out ulong span, out ulong parent) && span == current.SpanId)
        {
            return new SpanContext(high, low, span, parent, Decide(activity, low));
        }
        return current;
    }

    private static SpanContext NewRoot()
    {
        ProbeRuntime.NewTraceId(out ulong high, out ulong low);
        return new SpanContext(high, low, ProbeRuntime.NewSpanId(), 0, SampleRoot(low));
    }

    private static bool Decide(Activity activity, ulong traceIdLow)
    {
        // The probes' rule, so function spans and these events of one request are kept or dropped together.
        bool decided = ProbeRuntime.HasSamplingDecision(activity);
        return decided && IsParentBased(ProbeRuntime.Sampler) ? activity.Recorded : SampleRoot(traceIdLow);
    }

    private static bool TryRead(Activity activity, out ulong high, out ulong low, out ulong span, out ulong parent)
    {
        high = low = span = parent = 0;
        if (activity.IdFormat != ActivityIdFormat.W3C)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[16];
        activity.TraceId.CopyTo(bytes);
        high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        activity.SpanId.CopyTo(bytes[..8]);
        span = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        if (activity.ParentSpanId != default)
        {
            activity.ParentSpanId.CopyTo(bytes[..8]);
            parent = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }
        return (high | low) != 0 && span != 0;
    }

    private static bool IsParentBased(SamplerKind sampler)
        => sampler is SamplerKind.ParentBasedAlwaysOn or SamplerKind.ParentBasedAlwaysOff or SamplerKind.ParentBasedTraceIdRatio;

    /// <summary>The root decision, by the probes' rule: keep when the trace id's random 56 bits fall under ratio · 2^56.</summary>
    internal static bool SampleRoot(ulong traceIdLow) => ProbeRuntime.Sampler switch
    {
        SamplerKind.AlwaysOn or SamplerKind.ParentBasedAlwaysOn => true,
        SamplerKind.AlwaysOff or SamplerKind.ParentBasedAlwaysOff => false,
        _ => ProbeRuntime.SamplerRatio >= 1.0 || (traceIdLow & ((1UL << 56) - 1)) < (ulong)(ProbeRuntime.SamplerRatio * 72057594037927936.0),
    };
}
