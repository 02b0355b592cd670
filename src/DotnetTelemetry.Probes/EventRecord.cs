using System.Runtime.InteropServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// One fixed-size event in the <see cref="EventRing"/>. Plain data: the producer fills it in place, the
/// drain thread copies it out with <see cref="EventRing.TryRead"/>. Objects (exceptions, HTTP details,
/// captured values) never live here; they travel in the ring's parallel payload slot.
/// </summary>
/// <remarks>
/// Ids are W3C ids split into integers so the hot path never formats text: the trace id is
/// <see cref="TraceIdHigh"/> (first 16 hex characters) then <see cref="TraceIdLow"/>; 0 span ids mean "none".
/// Times are <see cref="ProbeClock"/> ticks (see <see cref="ProbeClock.GetTimestamp"/>); <see cref="ProbeClock"/> converts them.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct EventRecord
{
    /// <summary>The ring position this event was written at: gap-free and strictly increasing in read order.</summary>
    public long Sequence;
    /// <summary>When the event happened, in ProbeClock ticks (<see cref="ProbeClock.ToUnixNanoseconds"/>).</summary>
    public long Timestamp;
    /// <summary>Duration in ProbeClock ticks for exits (<see cref="ProbeClock.ToNanoseconds"/>); 0 otherwise.</summary>
    public long Duration;
    /// <summary>High 64 bits of the W3C trace id.</summary>
    public ulong TraceIdHigh;
    /// <summary>Low 64 bits of the W3C trace id.</summary>
    public ulong TraceIdLow;
    /// <summary>The span this event belongs to (for function events: the call's own span).</summary>
    public ulong SpanId;
    /// <summary>The parent of <see cref="SpanId"/>; 0 for a root span.</summary>
    public ulong ParentSpanId;
    /// <summary>A small kind-specific value: loop iterations, branch number, a captured integer, an HTTP status...</summary>
    public long Argument;
    /// <summary>The woven method (see <see cref="MethodRegistry.Get"/>); 0 when the event has no method.</summary>
    public int MethodId;
    /// <summary>Managed id of the thread that wrote the event.</summary>
    public int ThreadId;
    /// <summary>The sampling probability that kept this trace (1 when everything is kept or the parent decided).</summary>
    public float SampleRate;
    /// <summary>For finer events: the woven site (loop, conditional, variable) inside the method; 0 otherwise.</summary>
    public int SiteId;
    /// <summary>What this event is.</summary>
    public EventKind Kind;
    /// <summary>W3C trace flags: bit 0 (<c>01</c>) = sampled. Recorded events are always sampled today.</summary>
    public byte TraceFlags;
}
