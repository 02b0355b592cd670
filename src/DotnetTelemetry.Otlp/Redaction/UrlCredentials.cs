using System.Text.RegularExpressions;

namespace DotnetTelemetry.Otlp.Redaction;

/// <summary>
/// Masks the credentials of URLs inside any text (<c>scheme://user:password@host</c>), so an endpoint can be named in a
/// message or an event without its secret: the password is replaced (<c>user:REDACTED@</c>, <c>:REDACTED@</c> for
/// Redis-style URLs), and a user part with no password (<c>https://TOKEN@host</c>, a common way to pass a token) is
/// replaced whole. Shared by the agent's stderr lines, the OTLP exporter's messages and the command-line redaction.
/// </summary>
public static partial class UrlCredentials
{
    /// <summary>What stands in for a secret, in every redaction of the agent (the others name this one).</summary>
    public const string Redacted = "REDACTED";

    /// <summary>
    /// The user-info of a URL: from <c>scheme://</c> up to the last <c>@</c> before the path, so a password with a raw
    /// <c>@</c> in it (<c>redis://:p@ss@host</c>) is masked whole.
    /// </summary>
    [GeneratedRegex(@"(?<scheme>\b[a-z][a-z0-9+.-]*://)(?<userinfo>[^/?#\s]*)@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    public static string Redact(string text)
    {
        if (!text.Contains("://", StringComparison.Ordinal) || !text.Contains('@')) return text;
        return UserInfo().Replace(text, m =>
        {
            string userInfo = m.Groups["userinfo"].Value;
            if (userInfo.Length == 0 || userInfo == Redacted) return m.Value;
            int colon = userInfo.IndexOf(':');
            string masked = colon < 0 ? Redacted : string.Concat(userInfo.AsSpan(0, colon + 1), Redacted);
            return m.Groups["scheme"].Value + masked + "@";
        });
    }

    public static string Redact(Uri uri) => Redact(uri.ToString());
}
