using System.Buffers;
using System.Text;

namespace DotnetTelemetry.Agent.Http;

/// <summary>
/// Redacts what HTTP telemetry must not carry: values of sensitive headers, query-string values (keys kept),
/// and user:password in URLs. Runs on the drain thread.
/// </summary>
internal sealed class HttpRedactor(IReadOnlyCollection<string> redactedHeaders, bool redactQuery)
{
    public const string Redacted = Redaction.SecretText.Redacted;

    /// <summary>Where a URL's authority ends.</summary>
    private static readonly SearchValues<char> AuthorityEnd = SearchValues.Create("/?#");

    private readonly HashSet<string> _redactedHeaders = new(redactedHeaders, StringComparer.OrdinalIgnoreCase);

    public string HeaderValue(string name, string value) => _redactedHeaders.Contains(name) ? Redacted : value;

    /// <summary><c>http://u:p@h/p?a=1&amp;b=2#f</c> → <c>http://u:REDACTED@h/p?a=REDACTED&amp;b=REDACTED#f</c> (the query part only when configured).</summary>
    public string Url(string url)
    {
        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0)
        {
            int authorityStart = schemeEnd + 3;
            int authorityEnd = url.AsSpan(authorityStart).IndexOfAny(AuthorityEnd);
            authorityEnd = authorityEnd < 0 ? url.Length : authorityStart + authorityEnd;
            int at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
            if (at > authorityStart)
            {
                int colon = url.IndexOf(':', authorityStart, at - authorityStart);
                if (colon > 0)
                {
                    url = string.Concat(url.AsSpan(0, colon + 1), Redacted, url.AsSpan(at));
                }
            }
        }
        return redactQuery ? Query(url) : url;
    }

    private static string Query(string url)
    {
        int question = url.IndexOf('?');
        if (question < 0)
        {
            return url;
        }
        int hash = url.IndexOf('#', question);
        string query = hash < 0 ? url[(question + 1)..] : url[(question + 1)..hash];
        var builder = new StringBuilder(url.Length);
        builder.Append(url, 0, question + 1);
        bool first = true;
        foreach (string part in query.Split('&'))
        {
            if (!first)
            {
                builder.Append('&');
            }
            first = false;
            int equals = part.IndexOf('=');
            if (equals < 0)
            {
                builder.Append(part);
            }
            else
            {
                builder.Append(part, 0, equals + 1).Append(Redacted);
            }
        }
        if (hash >= 0)
        {
            builder.Append(url, hash, url.Length - hash);
        }
        return builder.ToString();
    }
}
