namespace DotnetTelemetry.Otlp.Delivery;

/// <summary>
/// Which configured headers may go on an export request. Checked once, at start-up, so a bad header is reported
/// then (one line each) instead of failing every export at shutdown, and so a value can never add a header line
/// (CR/LF) or take over what the exporter and HTTP framing own (Host, Content-Length...).
/// </summary>
internal static class OtlpHeaderRules
{
    /// <summary>
    /// Set by the exporter or by HTTP/1.1 framing: a configured value would misroute the request (Host), corrupt the
    /// body's framing (Content-Length, Transfer-Encoding), mislabel it (Content-Type, Content-Encoding) or change the
    /// connection (Connection, Upgrade...).
    /// </summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive",
        "Proxy-Connection", "Upgrade", "TE", "Trailer", "Expect",
    };

    /// <summary>Why the header cannot be sent, or null when it can. Never quotes the value: it may be a secret.</summary>
    public static string? Problem(string name, string value)
    {
        if (!IsToken(name)) return "is not a valid header name (RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~)";
        if (Reserved.Contains(name)) return "is set by the exporter and cannot be configured";
        foreach (char c in value)
        {
            if (c == '\r' || c == '\n') return "has a line break in its value";
            // RFC 9110 field-value: visible ASCII, space and tab. obs-text (bytes >= 0x80) is obsolete and HttpClient
            // refuses it, which would fail every export; percent-encode such values' bytes in the receiver's own way.
            if (!(c == ' ' || c == '\t' || (c >= '!' && c <= '~'))) return "has a control or non-ASCII character in its value";
        }
        return null;
    }

    /// <summary>A header name shown in a message: as it is when it is a token, else with its odd characters escaped (one line).</summary>
    public static string Printable(string name) => IsToken(name)
        ? name
        : string.Concat(name.Select(c => c >= '!' && c <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));

    private static bool IsToken(string name) => name.Length > 0 && name.All(IsTokenChar);

    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
        || "!#$%&'*+-.^_`|~".Contains(c);
}
