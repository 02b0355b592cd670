namespace DotnetTelemetry.Agent.Internal;

/// <summary>
/// HTTP for the agent's own needs (cloud metadata, exporters). Requests are marked so the agent's HTTP
/// listener does not report its own traffic as the app's, and never go through a proxy.
/// </summary>
internal static class AgentHttp
{
    private static readonly HttpRequestOptionsKey<bool> InternalKey = new("DotnetTelemetry.Agent.Internal");

    /// <remarks>
    /// Without a propagator the handler is built without the runtime's diagnostics stage: the agent's requests
    /// create no Activity (nothing for the app's ActivityListeners, nothing under the app's current trace), write
    /// no HttpHandlerDiagnosticListener events (nothing for the app's DiagnosticListener subscribers, which would
    /// take them for the app's) and send no traceparent.
    /// </remarks>
    public static HttpClient CreateClient(TimeSpan timeout) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectTimeout = timeout,
        AllowAutoRedirect = false,
        ActivityHeadersPropagator = null,
    })
    {
        Timeout = timeout,
    };

    /// <summary>Marks a request as the agent's own (the HTTP listener skips it).</summary>
    public static HttpRequestMessage MarkInternal(HttpRequestMessage request)
    {
        request.Options.Set(InternalKey, true);
        return request;
    }

    public static bool IsInternal(HttpRequestMessage? request)
        => request is not null && request.Options.TryGetValue(InternalKey, out bool isInternal) && isInternal;
}
