using System.Diagnostics;
using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Internal;

namespace DotnetTelemetry.Agent.Http;

/// <summary>
/// Incoming ASP.NET Core requests, from the "Microsoft.AspNetCore" DiagnosticListener:
/// <c>Microsoft.AspNetCore.Hosting.HttpRequestIn.Start</c> and <c>.Stop</c>, both with the HttpContext as payload.
/// No compile-time reference to ASP.NET Core: HttpContext, HttpRequest and HttpResponse are read through
/// <see cref="PropertyFetcher"/> getters compiled once per type. Everything is copied on the request's thread:
/// the HttpContext is pooled and reused after the request.
/// </summary>
internal sealed class AspNetCoreObserver(AgentConfig config, ExchangeTracker tracker) : IObserver<KeyValuePair<string, object?>>
{
    public const string ListenerName = "Microsoft.AspNetCore";
    private const string ActivityName = "Microsoft.AspNetCore.Hosting.HttpRequestIn";
    private const string StartEvent = ActivityName + ".Start";
    private const string StopEvent = ActivityName + ".Stop";

    private static readonly PropertyFetcher Request = new("Request");
    private static readonly PropertyFetcher Response = new("Response");
    private static readonly PropertyFetcher Method = new("Method");
    private static readonly PropertyFetcher Scheme = new("Scheme");
    private static readonly PropertyFetcher Host = new("Host");
    private static readonly PropertyFetcher PathBase = new("PathBase");
    private static readonly PropertyFetcher Path = new("Path");
    private static readonly PropertyFetcher QueryString = new("QueryString");
    private static readonly PropertyFetcher Headers = new("Headers");
    private static readonly PropertyFetcher UserAgent = new("UserAgent");
    private static readonly PropertyFetcher ContentLength = new("ContentLength");
    private static readonly PropertyFetcher ContentType = new("ContentType");
    private static readonly PropertyFetcher StatusCode = new("StatusCode");

    /// <summary>Only the request activity: MVC and the other ASP.NET Core diagnostics stay switched off.</summary>
    public static bool IsEnabled(string name) => name.StartsWith(ActivityName, StringComparison.Ordinal);

    public void OnNext(KeyValuePair<string, object?> value)
    {
        using var guard = AgentCode.Enter();
        try
        {
            if (value.Value is not { } httpContext)
            {
                return;
            }
            if (value.Key == StartEvent)
            {
                var activity = Activity.Current is { OperationName: ActivityName } current ? current : null;
                tracker.Start(httpContext, CopyRequest(httpContext), TraceContexts.For(activity));
            }
            else if (value.Key == StopEvent)
            {
                if (!tracker.TryStop(httpContext, out var exchange, out long duration))
                {
                    return;
                }
                var response = Response.Fetch(httpContext);
                ExchangeTracker.EmitResponse(exchange, duration, new HttpResponsePayload
                {
                    Request = exchange.Request,
                    StatusCode = StatusCode.Fetch(response) is int status ? status : 0,
                    Headers = config.CaptureHttpHeaders ? HeaderCopier.CopyPairs(Headers.Fetch(response)) : null,
                    BodyBytes = ContentLength.Fetch(response) as long?,
                    ContentType = ContentType.FetchString(response),
                });
            }
        }
        catch
        {
            // an odd request must never break the app's pipeline
        }
    }

    private HttpRequestPayload CopyRequest(object httpContext)
    {
        var request = Request.Fetch(httpContext);
        var headerSource = Headers.Fetch(request);
        // Without header capture only the User-Agent is wanted: read that one header, copy nothing else.
        var headers = config.CaptureHttpHeaders ? HeaderCopier.CopyPairs(headerSource) : null;
        string? userAgent = headers is not null ? HeaderCopier.Find(headers, "User-Agent") : NonEmpty(UserAgent.FetchString(headerSource));
        string url = $"{Scheme.FetchString(request)}://{Host.FetchString(request)}{PathBase.FetchString(request)}{Path.FetchString(request)}{QueryString.FetchString(request)}";
        return new HttpRequestPayload
        {
            Kind = "server",
            Method = Method.FetchString(request) ?? "GET",
            Url = url,
            Headers = headers,
            BodyBytes = ContentLength.Fetch(request) as long?,
            UserAgent = userAgent,
            ContentType = ContentType.FetchString(request),
        };
    }

    /// <summary>IHeaderDictionary.UserAgent reads as "" when the header is absent.</summary>
    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }
}
