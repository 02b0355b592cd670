using DotnetTelemetry.Otlp.Wire;

namespace DotnetTelemetry.Otlp.Delivery;

internal enum ExportOutcome
{
    Success,
    /// <summary>429, 502, 503, 504, or no answer (connection refused, timeout): worth another try.</summary>
    Retryable,
    /// <summary>Any other status: the receiver will never take this payload.</summary>
    Failed,
}

/// <summary>The result of one HTTP POST of one payload.</summary>
internal readonly record struct ExportAttempt(
    ExportOutcome Outcome,
    int StatusCode,
    TimeSpan? RetryAfter,
    PartialSuccess PartialSuccess,
    string? Error)
{
    public static ExportAttempt Success(int status, PartialSuccess partial) => new(ExportOutcome.Success, status, null, partial, null);
    public static ExportAttempt Retry(int status, TimeSpan? retryAfter, string error) => new(ExportOutcome.Retryable, status, retryAfter, default, error);
    public static ExportAttempt Fail(int status, string error) => new(ExportOutcome.Failed, status, null, default, error);

    public static bool IsRetryableStatus(int status) => status is 429 or 502 or 503 or 504;
}

/// <summary>Sends one request body to one URL. The real one is <see cref="HttpOtlpTransport"/>; tests may substitute.</summary>
internal interface IOtlpTransport : IDisposable
{
    ExportAttempt Send(Uri endpoint, byte[] body, CancellationToken cancellation);
}
