using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Net.Http.Headers;

namespace DotnetTelemetry.Agent.Http;

/// <summary>
/// Copies headers into a plain array: from HttpClient's typed headers, or from any enumerable of
/// key/value pairs (ASP.NET Core's IHeaderDictionary, read without a reference to it).
/// Values of the same header are joined with ", ". Bounded: at most <see cref="MaxHeaders"/> headers.
/// The array is sized from the sources' counts, so the usual copy allocates it once and nothing else.
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
        var headers = new Builder((first?.NonValidated.Count ?? 0) + (second?.NonValidated.Count ?? 0));
        Append(first, ref headers);
        Append(second, ref headers);
        return headers.ToArray();
    }

    private static void Append(HttpHeaders? source, ref Builder headers)
    {
        if (source is null)
        {
            return;
        }
        foreach (var header in source.NonValidated)
        {
            headers.AddOrJoin(header.Key, header.Value.ToString());
        }
    }

    /// <summary>Copies from an enumerable of pairs whose Value prints as the joined header value (StringValues does).</summary>
    public static KeyValuePair<string, string>[]? CopyPairs(object? source)
    {
        if (source is not IEnumerable pairs)
        {
            return null;
        }
        if (TypedCopierFor(source.GetType()) is { } typed)
        {
            return typed(source);
        }
        var headers = new Builder(Count.Fetch(source) is int count ? count : 0);
        foreach (object? pair in pairs)
        {
            if (Key.FetchString(pair) is { } key)
            {
                headers.AddOrJoin(key, Value.FetchString(pair) ?? "");
            }
        }
        return headers.ToArray();
    }

    private static readonly ConcurrentDictionary<Type, Func<object, KeyValuePair<string, string>[]>?> TypedCopiers = new();
    private static readonly MethodInfo CopyTypedMethod = typeof(HeaderCopier).GetMethod(nameof(CopyTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// For a source that is an <c>IEnumerable&lt;KeyValuePair&lt;string, TValue&gt;&gt;</c> (IHeaderDictionary, with
    /// StringValues values): a copier bound to TValue, which reads each pair as it is, instead of boxing every pair
    /// (and its value) through the non-generic enumerator. Null for any other source; found once per type.
    /// </summary>
    private static Func<object, KeyValuePair<string, string>[]>? TypedCopierFor(Type type) => TypedCopiers.GetOrAdd(type, static type =>
    {
        try
        {
            var pairType = type.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                .Select(i => i.GetGenericArguments()[0])
                .FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) && t.GetGenericArguments()[0] == typeof(string));
            return pairType is null
                ? null
                : CopyTypedMethod.MakeGenericMethod(pairType.GetGenericArguments()[1]).CreateDelegate<Func<object, KeyValuePair<string, string>[]>>();
        }
        catch
        {
            return null; // the untyped copy still works
        }
    });

    private static KeyValuePair<string, string>[] CopyTyped<TValue>(object source)
    {
        var pairs = (IEnumerable<KeyValuePair<string, TValue>>)source;
        var headers = new Builder(pairs is ICollection<KeyValuePair<string, TValue>> collection ? collection.Count : 0);
        foreach (var pair in pairs)
        {
            if (pair.Key is { } key)
            {
                headers.AddOrJoin(key, pair.Value?.ToString() ?? "");
            }
        }
        return headers.ToArray();
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

    /// <summary>The headers being copied: an array of the expected size, grown only if a source under-reported its count.</summary>
    private struct Builder(int expected)
    {
        private KeyValuePair<string, string>[] _headers = expected > 0 ? new KeyValuePair<string, string>[Math.Min(expected, MaxHeaders)] : [];
        private int _count;

        /// <summary>
        /// Adds a header, or appends its value to the one already there under the same name (names compare
        /// case-insensitively), joined with ", " as RFC 9110 allows for a repeated field: a name appears once.
        /// Past <see cref="MaxHeaders"/> names, new names are left out; values of known ones are still joined.
        /// </summary>
        public void AddOrJoin(string name, string value)
        {
            for (int i = 0; i < _count; i++)
            {
                if (string.Equals(_headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    if (_headers[i].Value.Length < MaxJoinedLength)
                    {
                        _headers[i] = new(_headers[i].Key, _headers[i].Value + ", " + value);
                    }
                    return;
                }
            }
            if (_count == MaxHeaders)
            {
                return;
            }
            if (_count == _headers.Length)
            {
                Array.Resize(ref _headers, Math.Min(Math.Max(4, _headers.Length * 2), MaxHeaders));
            }
            _headers[_count++] = new(name, value);
        }

        /// <summary>The copied headers; the builder's own array when it came out exactly full.</summary>
        public readonly KeyValuePair<string, string>[] ToArray() => _count == _headers.Length ? _headers : _headers[.._count];
    }
}
