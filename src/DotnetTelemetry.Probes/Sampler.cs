using System.Runtime.CompilerServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// An immutable sampling policy. The probes consult it only when a call has no local parent (the
/// thread's slot is empty); children of a local span inherit their parent's decision.
/// </summary>
/// <remarks>
/// Ratio decisions use the trace id's rightmost 56 bits (the part W3C Trace Context level 2 requires
/// to be random): keep when <c>(low &amp; 2^56-1) &lt; ratio * 2^56</c>. The same trace id always gets the
/// same answer, and a trace kept at some ratio is kept at every higher ratio, as the OTel spec asks.
/// </remarks>
internal sealed class Sampler
{
    private const ulong RandomBitsMask = (1UL << 56) - 1;
    private const double RandomBitsRange = 72057594037927936.0; // 2^56

    internal static readonly Sampler Default = new(SamplerKind.ParentBasedAlwaysOn, 1.0);

    internal readonly SamplerKind Kind;
    internal readonly double Ratio;
    internal readonly float SampleRate;
    private readonly ulong _bound; // keep when random bits < bound
    private readonly bool _parentBased;
    private readonly RootRule _root;

    private enum RootRule : byte { Keep, Drop, Ratio }

    internal Sampler(SamplerKind kind, double ratio)
    {
        Kind = kind;
        Ratio = Math.Clamp(double.IsNaN(ratio) ? 1.0 : ratio, 0.0, 1.0);
        _parentBased = kind is SamplerKind.ParentBasedAlwaysOn or SamplerKind.ParentBasedAlwaysOff or SamplerKind.ParentBasedTraceIdRatio;
        _root = kind switch
        {
            SamplerKind.AlwaysOn or SamplerKind.ParentBasedAlwaysOn => RootRule.Keep,
            SamplerKind.AlwaysOff or SamplerKind.ParentBasedAlwaysOff => RootRule.Drop,
            _ => RootRule.Ratio,
        };
        _bound = Ratio >= 1.0 ? RandomBitsMask + 1 : (ulong)(Ratio * RandomBitsRange);
        SampleRate = _root == RootRule.Ratio ? (float)Ratio : 1f;
    }

    /// <summary>True when no call without a sampled remote parent can be kept: roots may skip all work.</summary>
    internal bool DropsEveryRoot => _root == RootRule.Drop;

    /// <summary>True for <c>always_off</c>: nothing is ever kept, not even under a sampled parent.</summary>
    internal bool KeepsNothing => Kind == SamplerKind.AlwaysOff;

    /// <summary>True when the sampler looks at an Activity parent's decision (the parent-based samplers).</summary>
    internal bool IsParentBased => _parentBased;

    /// <summary>Decides for a new root span (no parent anywhere).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal CallScopeFlags DecideRoot(ulong traceIdLow) => _root switch
    {
        RootRule.Keep => CallScopeFlags.Sampled,
        RootRule.Drop => CallScopeFlags.None,
        _ => (traceIdLow & RandomBitsMask) < _bound ? CallScopeFlags.Sampled | CallScopeFlags.RatioSampled : CallScopeFlags.None,
    };

    /// <summary>
    /// Decides for a span whose parent lives outside the probes (an Activity). <paramref name="parentDecided"/>
    /// is false when that parent carries no real sampling decision; then the parent only lends its ids.
    /// </summary>
    internal CallScopeFlags DecideWithParent(bool parentDecided, bool parentSampled, ulong traceIdLow)
    {
        if (_parentBased && parentDecided)
        {
            return parentSampled ? CallScopeFlags.Sampled : CallScopeFlags.None;
        }
        return DecideRoot(traceIdLow);
    }

    /// <summary>The <c>sample_rate</c> of an event in a trace with these context flags.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal float RateFor(CallScopeFlags flags) => (flags & CallScopeFlags.RatioSampled) != 0 ? SampleRate : 1f;
}
