namespace DotnetTelemetry.Probes;

/// <summary>The OpenTelemetry samplers (<c>OTEL_TRACES_SAMPLER</c>), applied when a call starts a span.</summary>
public enum SamplerKind
{
    /// <summary><c>parentbased_always_on</c> (the OpenTelemetry default): follow the parent; keep every root.</summary>
    ParentBasedAlwaysOn = 0,
    /// <summary><c>always_on</c>: keep every trace.</summary>
    AlwaysOn,
    /// <summary><c>always_off</c>: keep nothing.</summary>
    AlwaysOff,
    /// <summary><c>traceidratio</c>: keep a trace when its id falls in the ratio; ignores the parent's decision.</summary>
    TraceIdRatio,
    /// <summary><c>parentbased_always_off</c>: follow the parent; drop every root.</summary>
    ParentBasedAlwaysOff,
    /// <summary><c>parentbased_traceidratio</c>: follow the parent; decide roots by trace id ratio.</summary>
    ParentBasedTraceIdRatio,
}
