namespace DotnetTelemetry.Otlp.Delivery;

/// <summary>Exponential backoff with full jitter, capped; Retry-After from the receiver wins.</summary>
internal sealed class RetryPolicy
{
    private readonly OtlpExporterOptions _options;
    private readonly Random _random = new();

    public RetryPolicy(OtlpExporterOptions options) => _options = options;

    /// <summary>Wait before attempt <paramref name="nextAttempt"/> (2, 3, ...).</summary>
    public TimeSpan DelayBefore(int nextAttempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } requested) return requested;
        double ceilingMs = Math.Min(
            _options.MaxBackoff.TotalMilliseconds,
            _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, nextAttempt - 2));
        // Half fixed, half random: spreads many agents' retries without ever retrying at once.
        return TimeSpan.FromMilliseconds(ceilingMs / 2 + _random.NextDouble() * ceilingMs / 2);
    }
}
