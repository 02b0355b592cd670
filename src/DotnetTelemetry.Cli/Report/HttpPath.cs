namespace DotnetTelemetry.Cli.Report;

/// <summary>The part of a URL that names an endpoint: scheme, host and path, without the query or fragment.</summary>
internal static class HttpPath
{
    public static string Of(string? url)
    {
        if (string.IsNullOrEmpty(url)) return "(no url)";
        int cut = url.IndexOfAny(['?', '#']);
        return cut < 0 ? url : url[..cut];
    }
}
