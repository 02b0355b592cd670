namespace DotnetTelemetry.Agent.Config;

/// <summary>
/// Parses <c>OTEL_RESOURCE_ATTRIBUTES</c>: <c>key1=value1,key2=value2</c>, values percent-encoded
/// (the W3C Baggage octet rules the OpenTelemetry spec refers to). A malformed pair is reported to
/// <c>bad</c> and skipped, never thrown: this runs in the app's process.
/// </summary>
internal static class ResourceAttributeParser
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? value, Action<string> bad)
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
                bad($"has '{pair}', which is not key=value");
                continue;
            }
            string key = pair[..equals].Trim();
            string raw = pair[(equals + 1)..].Trim();
            // Leaves a malformed escape (a lone '%') as it is, without throwing.
            string decoded = Uri.UnescapeDataString(raw);
            attributes.RemoveAll(a => a.Key == key); // the last value of a repeated key wins
            attributes.Add(new(key, decoded));
        }
        return attributes;
    }
}
