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

    /// <summary>A repeated header stops growing at this length (copied on the app's thread: keep it cheap).</summary>
    public const int MaxJoinedLength = 8192;

    private static readonly PropertyFetcher Key = new("Key");
    private static readonly PropertyFetcher Value = new("Value");
    private static readonly PropertyFetcher Count = new("Count");

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
            AddOrJoin(headers, header.Key, header.Value.ToString());
        }
    }

    /// <summary>
    /// Adds a header, or appends its value to the one already there under the same name (names compare
    /// case-insensitively), joined with ", " as RFC 9110 allows for a repeated field: a name appears once.
    /// Past <see cref="MaxHeaders"/> names, new names are left out; values of known ones are still joined.
    /// </summary>
    internal static void AddOrJoin(List<KeyValuePair<string, string>> headers, string name, string value)
    {
        for (int i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                if (headers[i].Value.Length < MaxJoinedLength)
                {
                    headers[i] = new(headers[i].Key, headers[i].Value + ", " + value);
                }
                return;
            }
        }
        if (headers.Count < MaxHeaders)
        {
            headers.Add(new(name, value));
        }
    }

    /// <summary>The value of the first header named <paramref name="name"/> (case-insensitively), or null.</summary>
    public static string? Find(KeyValuePair<string, string>[] headers, string name)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }
        return null;
    }

    /// <summary>Copies from an enumerable of pairs whose Value prints as the joined header value (StringValues does).</summary>
    public static KeyValuePair<string, string>[]? CopyPairs(object? source)
    {
        if (source is not IEnumerable pairs)
        {
            return null;
        }
        // Sized from the source's count when it has one (IHeaderDictionary does), so the list never regrows.
        var headers = new List<KeyValuePair<string, string>>(Count.Fetch(source) is int count ? Math.Clamp(count, 0, MaxHeaders) : 0);
        foreach (object? pair in pairs)
        {
            if (Key.FetchString(pair) is { } key)
            {
                AddOrJoin(headers, key, Value.FetchString(pair) ?? "");
            }
        }
        return headers.ToArray();
    }
}
