using System.Text.RegularExpressions;
using DotnetTelemetry.Otlp.Redaction;

namespace DotnetTelemetry.Agent.Redaction;

/// <summary>
/// Masks secrets that sit inside free text: a command-line argument or an exception message. Each rule keeps what
/// says where the secret was (the key, the URL, the scheme) and replaces only the secret with <c>REDACTED</c>:
/// <list type="bullet">
/// <item>connection-string keys: <c>Password=...;</c>, <c>pwd=</c>, <c>AccountKey=</c>, <c>SharedAccessKey=</c>, <c>SharedAccessSignature=</c>, <c>access token=</c>, <c>client secret=</c>;</item>
/// <item>URL credentials: <c>scheme://user:password@</c>, <c>redis://:password@</c>, <c>https://TOKEN@</c> (<see cref="UrlCredentials"/>);</item>
/// <item>secret-looking query parameters: <c>?secret=</c>, <c>&amp;token=</c>, <c>?password=</c>, <c>?api_key=</c>, <c>?sig=</c>, <c>?key=</c>, <c>X-Amz-Signature=</c>...;</item>
/// <item>bearer tokens and authorization headers: <c>Bearer x</c>, <c>Authorization: Basic x</c>.</item>
/// </list>
/// </summary>
internal static partial class SecretText
{
    public const string Redacted = UrlCredentials.Redacted;

    /// <summary>Words that name a secret, shared with the option rules of <see cref="Resources.CommandLineRedactor"/>.</summary>
    internal const string SecretName = @"(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|client[-_]?secret|credentials?|auth(?:orization)?|connection[-_]?string|conn[-_]?str|sas)";

    /// <summary>Words before the secret word, ending with a separator: <c>db-</c>, <c>Db:</c>, <c>aws_</c>.</summary>
    internal const string NamePrefix = @"(?:[\w.:-]*[-_.:])?";

    /// <summary>A plural, then words after a separator (<c>ConnectionStrings:Default</c>), but never a longer word (<c>--passive</c>).</summary>
    internal const string NameSuffix = @"s?(?:[-_.][\w.-]*|:[\w.-]+(?=[=:]))?";

    /// <summary>A connection string's secret, up to the next <c>;</c>; not a URL's query parameter (<see cref="QuerySecret"/>: up to <c>&amp;</c>).</summary>
    [GeneratedRegex(@"(?<key>(?<![?&])\b(?:password|pwd|accountkey|sharedaccesskey|sharedaccesssignature|access[_ ]?token|client[_ ]?secret)\s*=\s*)(?<value>[^;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionStringSecret();

    /// <summary>A query parameter named like a secret, or one of the usual signature/key names of signed URLs.</summary>
    [GeneratedRegex(@"(?<key>[?&;](?:" + NamePrefix + SecretName + NameSuffix + @"|sig|signature|key|code)=)(?<value>[^&;#\s""']+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuerySecret();

    /// <summary><c>Bearer x</c> anywhere, and <c>Authorization: scheme x</c> whatever the scheme.</summary>
    [GeneratedRegex(@"(?<key>\bBearer\s+|\b(?:Proxy-)?Authorization\s*[:=]\s*(?:[A-Za-z-]+\s+)?)(?<value>[A-Za-z0-9\-._~+/]+=*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationSecret();

    public static string Redact(string text)
    {
        if (text.Length == 0) return text;
        string result = ConnectionStringSecret().Replace(text, KeepKey);
        result = UrlCredentials.Redact(result);
        result = QuerySecret().Replace(result, KeepKey);
        return AuthorizationSecret().Replace(result, m => m.Groups["value"].Value == Redacted ? m.Value : m.Groups["key"].Value + Redacted);
    }

    private static string KeepKey(Match m) => m.Groups["key"].Value + Redacted;
}
