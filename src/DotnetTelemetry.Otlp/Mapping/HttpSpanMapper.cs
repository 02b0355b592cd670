using DotnetTelemetry.Otlp.Model;
using DotnetTelemetry.Schema;
using static DotnetTelemetry.Otlp.Mapping.SemanticConventions;

namespace DotnetTelemetry.Otlp.Mapping;

/// <summary>
/// HTTP semantic conventions for one exchange: span kind and name, request and response attributes,
/// and the error rule (a server span fails on 5xx, a client span on 4xx and above).
/// </summary>
internal static class HttpSpanMapper
{
    public static OtlpSpanKind KindOf(HttpRequestInfo? request) =>
        string.Equals(request?.Kind, "server", StringComparison.OrdinalIgnoreCase) ? OtlpSpanKind.Server : OtlpSpanKind.Client;

    /// <summary>Semconv span name without a route: the method, or "HTTP" when unknown.</summary>
    public static string SpanName(HttpRequestInfo? request) =>
        string.IsNullOrEmpty(request?.Method) ? "HTTP" : request.Method.ToUpperInvariant();

    public static void AddRequest(OtlpSpan span, HttpRequestInfo request)
    {
        var attributes = span.Attributes;
        attributes.AddIfPresent(HttpRequestMethod, request.Method?.ToUpperInvariant());
        if (span.Kind == OtlpSpanKind.Client) AddClientUrl(attributes, request.Url);
        else AddServerUrl(attributes, request.Url);
        attributes.AddIfPresent(UserAgentOriginal, request.UserAgent);
        attributes.AddIfPresent(HttpRequestBodySize, request.BodyBytes);
    }

    public static void AddResponse(OtlpSpan span, HttpResponseInfo response)
    {
        span.Attributes.Add(HttpResponseStatusCode, (long)response.StatusCode);
        span.Attributes.AddIfPresent(HttpResponseBodySize, response.BodyBytes);
        if (IsError(span.Kind, response.StatusCode))
        {
            span.StatusCode = OtlpStatusCode.Error;
            span.Attributes.Add(ErrorType, response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public static bool IsError(OtlpSpanKind kind, int statusCode) =>
        kind == OtlpSpanKind.Server ? statusCode >= 500 : statusCode >= 400;

    /// <summary>Client spans carry the full URL and the server they talked to.</summary>
    private static void AddClientUrl(OtlpAttributes attributes, string url)
    {
        if (string.IsNullOrEmpty(url)) return;
        attributes.Add(UrlFull, url);
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            attributes.Add(ServerAddress, uri.Host);
            attributes.Add(ServerPort, (long)uri.Port);
        }
    }

    /// <summary>Server spans carry the URL's scheme, path and query (semconv defines no url.full for them).</summary>
    private static void AddServerUrl(OtlpAttributes attributes, string url)
    {
        if (string.IsNullOrEmpty(url)) return;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
        {
            attributes.Add(UrlScheme, uri.Scheme);
            attributes.Add(UrlPath, uri.AbsolutePath);
            if (uri.Query.Length > 1) attributes.Add(UrlQuery, uri.Query.Substring(1));
            attributes.Add(ServerAddress, uri.Host);
            attributes.Add(ServerPort, (long)uri.Port);
            return;
        }
        int question = url.IndexOf('?');
        attributes.Add(UrlPath, question < 0 ? url : url.Substring(0, question));
        if (question >= 0 && question < url.Length - 1) attributes.Add(UrlQuery, url.Substring(question + 1));
    }
}
