using System.Diagnostics;

namespace DotnetTelemetry.Probes;

/// <summary>
/// Reads <see cref="Activity.Current"/> as the parent of a root call, so function spans nest under the
/// ASP.NET Core request span (or any other Activity) without the app doing anything.
/// </summary>
internal static class ActivityParent
{
    /// <summary>
    /// Gets the current W3C Activity's ids. <paramref name="decided"/> tells whether its Recorded flag is a
    /// real sampling decision (see <see cref="HasSamplingDecision"/>); it is not for a bare
    /// <c>new Activity(..)</c> with no remote parent, whose flag nobody set: then our root sampler decides.
    /// </summary>
    internal static bool TryGet(out ulong traceIdHigh, out ulong traceIdLow, out ulong spanId, out bool decided, out bool recorded)
    {
        traceIdHigh = traceIdLow = spanId = 0;
        decided = recorded = false;
        try
        {
            var activity = Activity.Current;
            if (activity is null || activity.IdFormat != ActivityIdFormat.W3C) return false;
            Span<byte> bytes = stackalloc byte[16];
            activity.TraceId.CopyTo(bytes);
            traceIdHigh = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
            traceIdLow = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(8));
            activity.SpanId.CopyTo(bytes.Slice(0, 8));
            spanId = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
            if ((traceIdHigh | traceIdLow) == 0 || spanId == 0) return false;
            recorded = activity.Recorded;
            decided = HasSamplingDecision(activity);
            return true;
        }
        catch
        {
            return false; // a misbehaving Activity never breaks the app's call
        }
    }

    /// <summary>
    /// Whether some Activity in the chain carries a real decision: one with a remote parent (from
    /// ActivitySource with a remote context, or given by id, as ASP.NET Core does with a traceparent header),
    /// or one made by a named ActivitySource. Children made with <c>new Activity(..)</c> inherit the flags of
    /// their in-process parent, so the walk goes up the chain (bounded).
    /// </summary>
    internal static bool HasSamplingDecision(Activity? activity)
    {
        for (int depth = 0; activity is not null && depth < 32; depth++)
        {
            if (activity.HasRemoteParent || activity.Source.Name.Length != 0) return true;
            if (activity.Parent is null) return activity.ParentSpanId != default; // parent given by id
            activity = activity.Parent;
        }
        return false;
    }

    /// <summary>The current Activity's parent span id, 0 when it has none (or is not W3C).</summary>
    internal static ulong ParentSpanId()
    {
        try
        {
            var activity = Activity.Current;
            if (activity is null || activity.IdFormat != ActivityIdFormat.W3C) return 0;
            var parent = activity.ParentSpanId;
            if (parent == default) return 0;
            Span<byte> bytes = stackalloc byte[8];
            parent.CopyTo(bytes);
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }
        catch
        {
            return 0;
        }
    }
}
