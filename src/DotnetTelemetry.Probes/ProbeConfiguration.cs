namespace DotnetTelemetry.Probes;

/// <summary>
/// How the probes behave. The agent builds one from its own configuration (environment variables and
/// so on; Probes reads none) and applies it with <see cref="ProbeRuntime.Configure"/>.
/// </summary>
public sealed class ProbeConfiguration
{
    /// <summary>The default ring capacity: 65536 records (about 6 MB).</summary>
    public const int DefaultRingCapacity = 1 << 16;

    /// <summary>Whether the probes record after <see cref="ProbeRuntime.Configure"/>. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The sampler (<c>OTEL_TRACES_SAMPLER</c>). Default <see cref="SamplerKind.ParentBasedAlwaysOn"/>, as in OpenTelemetry.</summary>
    public SamplerKind Sampler { get; init; } = SamplerKind.ParentBasedAlwaysOn;

    /// <summary>The ratio of the trace id ratio samplers (<c>OTEL_TRACES_SAMPLER_ARG</c>), 0 to 1. Default 1.</summary>
    public double SamplerRatio { get; init; } = 1.0;

    /// <summary>Records the ring holds, rounded up to a power of two between <see cref="EventRing.MinCapacity"/> and <see cref="EventRing.MaxCapacity"/>.</summary>
    public int RingCapacity { get; init; } = DefaultRingCapacity;

    /// <summary>
    /// Where timestamps come from (<c>DOTNET_TELEMETRY_CLOCK</c>). Default <see cref="ClockSource.Automatic"/>.
    /// Only the process's first configuration decides (see <see cref="ProbeClock"/>).
    /// </summary>
    public ClockSource Clock { get; init; } = ClockSource.Automatic;

    /// <summary>Throws <see cref="ArgumentException"/> (with the <see cref="TryValidate"/> message) when a value is out of range.</summary>
    public void Validate()
    {
        if (!TryValidate(out string? error)) throw new ArgumentException(error);
    }

    /// <summary>Checks every value; on failure <paramref name="error"/> is one line naming the value and the allowed range.</summary>
    public bool TryValidate([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        if (!Enum.IsDefined(Sampler))
            error = $"unknown sampler {(int)Sampler}";
        else if (double.IsNaN(SamplerRatio) || SamplerRatio < 0 || SamplerRatio > 1)
            error = $"the sampler ratio must be a number from 0 to 1, not {SamplerRatio.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        else if (!Enum.IsDefined(Clock))
            error = $"unknown clock source {(int)Clock}";
        else if (RingCapacity < EventRing.MinCapacity || RingCapacity > EventRing.MaxCapacity)
            error = $"the ring capacity must be from {EventRing.MinCapacity} to {EventRing.MaxCapacity} records, not {RingCapacity}";
        else
            error = null;
        return error is null;
    }

    /// <summary>
    /// Maps an <c>OTEL_TRACES_SAMPLER</c> value (<c>always_on</c>, <c>always_off</c>, <c>traceidratio</c>,
    /// <c>parentbased_always_on</c>, <c>parentbased_always_off</c>, <c>parentbased_traceidratio</c>;
    /// case-insensitive, surrounding blanks ignored) to a <see cref="SamplerKind"/>. Parses text only: reads no environment.
    /// </summary>
    public static bool TryParseSampler(string? value, out SamplerKind sampler)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "always_on": sampler = SamplerKind.AlwaysOn; return true;
            case "always_off": sampler = SamplerKind.AlwaysOff; return true;
            case "traceidratio": sampler = SamplerKind.TraceIdRatio; return true;
            case "parentbased_always_on": sampler = SamplerKind.ParentBasedAlwaysOn; return true;
            case "parentbased_always_off": sampler = SamplerKind.ParentBasedAlwaysOff; return true;
            case "parentbased_traceidratio": sampler = SamplerKind.ParentBasedTraceIdRatio; return true;
            default: sampler = SamplerKind.ParentBasedAlwaysOn; return false;
        }
    }

    /// <summary>The <c>OTEL_TRACES_SAMPLER</c> spelling of a sampler.</summary>
    public static string SamplerName(SamplerKind sampler) => sampler switch
    {
        SamplerKind.AlwaysOn => "always_on",
        SamplerKind.AlwaysOff => "always_off",
        SamplerKind.TraceIdRatio => "traceidratio",
        SamplerKind.ParentBasedAlwaysOn => "parentbased_always_on",
        SamplerKind.ParentBasedAlwaysOff => "parentbased_always_off",
        SamplerKind.ParentBasedTraceIdRatio => "parentbased_traceidratio",
        _ => sampler.ToString(),
    };
}
