namespace DotnetTelemetry.Agent.Config;

/// <summary>
/// Parses <c>OTEL_RESOURCE_ATTRIBUTES</c>: <c>key1=value1,key2=value2</c>, values percent-encoded
/// (the W3C Baggage octet rules the OpenTelemetry spec refers to).
/// </summary>
internal static class ResourceAttributeParser
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? value, Func<string, Exception> bad)
    {
        var attributes = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return attributes;
        }
        foreach (string pair in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw bad($"has '{pair}', which is not key=value");
            }
            string key = pair[..equals].Trim();
            string raw = pair[(equals + 1)..].Trim();
            string decoded;
            try
            {
                decoded = Uri.UnescapeDataString(raw);
            }
            catch (UriFormatException)
            {
                throw bad($"has a badly percent-encoded value for '{key}'");
            }
            attributes.RemoveAll(a => a.Key == key); // the last value of a repeated key wins
            attributes.Add(new(key, decoded));
        }
        return attributes;
    }
}
