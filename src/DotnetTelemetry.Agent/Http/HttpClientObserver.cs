using System.Diagnostics;
using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Internal;

namespace DotnetTelemetry.Agent.Http;

/// <summary>
/// Outgoing HttpClient calls, from the runtime's "HttpHandlerDiagnosticListener":
/// <c>System.Net.Http.HttpRequestOut.Start</c> (payload: Request) and <c>.Stop</c> (Request, Response, RequestTaskStatus).
/// The request and response are BCL types; only the anonymous payload objects need the property fetchers.
/// </summary>
internal sealed class HttpClientObserver(AgentConfig config, ExchangeTracker tracker) : IObserver<KeyValuePair<string, object?>>
{
    public const string ListenerName = "HttpHandlerDiagnosticListener";
    private const string ActivityName = "System.Net.Http.HttpRequestOut";
    private const string StartEvent = ActivityName + ".Start";
    private const string StopEvent = ActivityName + ".Stop";

    private static readonly PropertyFetcher RequestProperty = new("Request");
    private static readonly PropertyFetcher ResponseProperty = new("Response");
    private static readonly PropertyFetcher TaskStatusProperty = new("RequestTaskStatus");

    /// <summary>Only the activity's own events: anything else the handler could write stays switched off.</summary>
    public static bool IsEnabled(string name) => name.StartsWith(ActivityName, StringComparison.Ordinal);

    public void OnNext(KeyValuePair<string, object?> value)
    {
        using var guard = AgentCode.Enter();
        try
        {
            if (value.Key == StartEvent)
            {
                OnStart(value.Value);
            }
            else if (value.Key == StopEvent)
            {
                OnStop(value.Value);
            }
        }
        catch
        {
            // an odd request must never break the app's call
        }
    }

    private void OnStart(object? payload)
    {
        if (RequestProperty.Fetch(payload) is not HttpRequestMessage request || AgentHttp.IsInternal(request))
        {
            return;
        }
        var activity = Activity.Current is { OperationName: ActivityName } current ? current : null;
        // Usually runs in the synchronous part of the app's SendAsync, where the woven function that made the call is
        // still current on this thread: ForClientCall hangs the call's span under it. Not after an async hop before the
        // DiagnosticsHandler (the first request through a new SocketsHttpHandler on .NET 10 builds the handler chain
        // with Task.Run; a DelegatingHandler that awaits first): then the call keeps the Activity's parent.
        var context = TraceContexts.ForClientCall(activity);
        if (activity is not null && context.IsSampled)
        {
            // The traceparent the handler sends next carries this flag: tell the callee that this trace is being
            // recorded, or a parent-based sampler there (ours by default) drops its part of the trace.
            activity.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
        }
        tracker.Start(request, Copy(request), context);
    }

    private void OnStop(object? payload)
    {
        if (RequestProperty.Fetch(payload) is not HttpRequestMessage request)
        {
            return;
        }
        if (!tracker.TryStop(request, out var exchange, out long duration))
        {
            return;
        }
        var response = ResponseProperty.Fetch(payload) as HttpResponseMessage;
        var status = TaskStatusProperty.Fetch(payload) is TaskStatus taskStatus ? taskStatus : TaskStatus.RanToCompletion;
        ExchangeTracker.EmitResponse(exchange, duration, new HttpResponsePayload
        {
            Request = exchange.Request,
            StatusCode = response is null ? 0 : (int)response.StatusCode,
            Headers = config.CaptureHttpHeaders && response is not null ? HeaderCopier.Copy(response.Headers, response.Content?.Headers) : null,
            BodyBytes = response?.Content?.Headers.ContentLength,
            ContentType = response?.Content?.Headers.ContentType?.ToString(),
            Failure = response is null || status != TaskStatus.RanToCompletion ? status.ToString() : null,
        });
    }

    private HttpRequestPayload Copy(HttpRequestMessage request) => new()
    {
        Kind = "client",
        Method = request.Method.Method,
        Url = request.RequestUri?.OriginalString ?? "",
        Headers = config.CaptureHttpHeaders ? HeaderCopier.Copy(request.Headers, request.Content?.Headers) : null,
        BodyBytes = request.Content?.Headers.ContentLength,
        UserAgent = request.Headers.UserAgent.Count > 0 ? request.Headers.UserAgent.ToString() : null,
        ContentType = request.Content?.Headers.ContentType?.ToString(),
    };

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }
}
