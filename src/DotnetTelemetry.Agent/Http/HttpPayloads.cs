namespace DotnetTelemetry.Agent.Http;

/// <summary>
/// What an HTTP listener copies out of the app's request on the app's thread (the objects themselves are
/// pooled and reused by the app, so nothing may read them later). Raw values: redaction happens on the
/// drain thread, when the event is written.
/// </summary>
internal sealed class HttpRequestPayload
{
    /// <summary>"client" (HttpClient) or "server" (ASP.NET Core).</summary>
    public required string Kind { get; init; }
    public required string Method { get; init; }
    public required string Url { get; init; }
    public KeyValuePair<string, string>[]? Headers { get; init; }
    public long? BodyBytes { get; init; }
    public string? UserAgent { get; init; }
    public string? ContentType { get; init; }
}

/// <summary>The end of an HTTP exchange: the request it answers plus the response (or the failure).</summary>
internal sealed class HttpResponsePayload
{
    public required HttpRequestPayload Request { get; init; }
    /// <summary>0 when no response came (the request failed).</summary>
    public int StatusCode { get; init; }
    public KeyValuePair<string, string>[]? Headers { get; init; }
    public long? BodyBytes { get; init; }
    public string? ContentType { get; init; }
    /// <summary>Set when the exchange failed without a response (e.g. "Faulted", "Canceled").</summary>
    public string? Failure { get; init; }
}
