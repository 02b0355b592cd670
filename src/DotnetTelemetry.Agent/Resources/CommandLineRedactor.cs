using System.Text.RegularExpressions;

namespace DotnetTelemetry.Agent.Resources;

/// <summary>
/// Redacts secret-looking command-line arguments: values of options whose name looks like a secret
/// (<c>--password=x</c>, <c>--token x</c>, <c>/ApiKey:x</c>, <c>SECRET=x</c>), secret parts of connection
/// strings (<c>Password=...;</c>) and the password in URLs (<c>scheme://user:pass@host</c>).
/// </summary>
internal static partial class CommandLineRedactor
{
    public const string Redacted = "REDACTED";

    private const string SecretName = @"(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|client[-_]?secret|credentials?|auth(?:orization)?|connection[-_]?string|conn[-_]?str|sas)";

    /// <summary>Words before the secret word, ending with a separator: <c>db-</c>, <c>Db:</c>, <c>aws_</c>.</summary>
    private const string NamePrefix = @"(?:[\w.:-]*[-_.:])?";

    /// <summary>A plural, then words after a separator (<c>ConnectionStrings:Default</c>), but never a longer word (<c>--passive</c>).</summary>
    private const string NameSuffix = @"s?(?:[-_.][\w.-]*|:[\w.-]+(?=[=:]))?";

    /// <summary><c>--name=value</c>, <c>-name:value</c>, <c>/name:value</c>, <c>name=value</c>.</summary>
    [GeneratedRegex(@"^(?<name>(?:--?|/)?" + NamePrefix + SecretName + NameSuffix + @")(?<sep>[=:])(?<value>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex InlineOption();

    /// <summary><c>--name</c> or <c>-name</c> alone: its value is the next argument.</summary>
    [GeneratedRegex(@"^(?:--?|/)" + NamePrefix + SecretName + NameSuffix + "$", RegexOptions.IgnoreCase)]
    private static partial Regex SeparateOption();

    /// <summary>Secret keys inside connection strings: <c>Password=abc;</c>, <c>AccountKey=...</c>, <c>SharedAccessKey=...</c>.</summary>
    [GeneratedRegex(@"(?<key>\b(?:password|pwd|accountkey|sharedaccesskey|sharedaccesssignature|access[_ ]?token|client[_ ]?secret)\s*=\s*)(?<value>[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringSecret();

    /// <summary><c>scheme://user:password@host</c>.</summary>
    [GeneratedRegex(@"(?<prefix>[a-z][a-z0-9+.-]*://[^/:@\s]+:)(?<password>[^@/\s]+)(?=@)", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPassword();

    public static IReadOnlyList<string> Redact(IReadOnlyList<string> arguments)
    {
        var result = new string[arguments.Count];
        bool nextIsSecret = false;
        for (int i = 0; i < arguments.Count; i++)
        {
            string argument = arguments[i];
            if (nextIsSecret && !LooksLikeOption(argument))
            {
                result[i] = Redacted;
                nextIsSecret = false;
                continue;
            }
            nextIsSecret = false;
            if (SeparateOption().IsMatch(argument))
            {
                result[i] = argument;
                nextIsSecret = true;
                continue;
            }
            result[i] = RedactOne(argument);
        }
        return result;
    }

    public static string RedactOne(string argument)
    {
        var inline = InlineOption().Match(argument);
        if (inline.Success && !inline.Groups["value"].Value.Contains("://", StringComparison.Ordinal))
        {
            return inline.Groups["name"].Value + inline.Groups["sep"].Value + Redacted;
        }
        string redacted = ConnectionStringSecret().Replace(argument, m => m.Groups["key"].Value + Redacted);
        return UrlPassword().Replace(redacted, m => m.Groups["prefix"].Value + Redacted);
    }

    /// <summary>Joins arguments the way a shell would read them back (quotes around those with spaces).</summary>
    public static string Join(IReadOnlyList<string> arguments)
        => string.Join(' ', arguments.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"\"{a.Replace("\"", "\\\"")}\"" : a));

    private static bool LooksLikeOption(string argument) => argument.StartsWith('-') && argument.Length > 1 && !char.IsDigit(argument[1]);
}
