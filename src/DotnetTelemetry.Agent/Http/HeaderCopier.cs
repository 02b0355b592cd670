using System.Collections;
using System.Net.Http.Headers;

namespace DotnetTelemetry.Agent.Http;

/// <summary>
/// Copies headers into a plain array: from HttpClient's typed headers, or from any enumerable of
/// key/value pairs (ASP.NET Core's IHeaderDictionary, read without a reference to it).
/// Values of the same header are joined with ", ". Bounded: at most <see cref="MaxHeaders"/> headers.
/// </summary>
internal static class HeaderCopier
{
    public const int MaxHeaders = 64;

    private static readonly PropertyFetcher Key = new("Key");
    private static readonly PropertyFetcher Value = new("Value");

    public static KeyValuePair<string, string>[]? Copy(HttpHeaders? first, HttpHeaders? second = null)
    {
        if (first is null && second is null)
        {
            return null;
        }
        var headers = new List<KeyValuePair<string, string>>();
        Append(first, headers);
        Append(second, headers);
        return headers.ToArray();
    }

    private static void Append(HttpHeaders? source, List<KeyValuePair<string, string>> headers)
    {
        if (source is null)
        {
            return;
        }
        foreach (var header in source.NonValidated)
        {
            if (headers.Count >= MaxHeaders)
            {
                return;
            }
            headers.Add(new(header.Key, header.Value.ToString()));
        }
    }

    /// <summary>Copies from an enumerable of pairs whose Value prints as the joined header value (StringValues does).</summary>
    public static KeyValuePair<string, string>[]? CopyPairs(object? source)
    {
        if (source is not IEnumerable pairs)
        {
            return null;
        }
        var headers = new List<KeyValuePair<string, string>>();
        foreach (object? pair in pairs)
        {
            if (headers.Count >= MaxHeaders)
            {
                break;
            }
            if (Key.FetchString(pair) is { } key)
            {
                headers.Add(new(key, Value.FetchString(pair) ?? ""));
            }
        }
        return headers.ToArray();
    }
}
