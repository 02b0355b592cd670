using System.Text.RegularExpressions;
using DotnetTelemetry.Agent.Redaction;

namespace DotnetTelemetry.Agent.Resources;

/// <summary>
/// Redacts secret-looking command-line arguments: values of options whose name looks like a secret
/// (<c>--password=x</c>, <c>--token x</c>, <c>/ApiKey:x</c>, <c>SECRET=x</c>), secret parts of connection
/// strings (<c>Password=...;</c>), URL credentials (<c>scheme://user:pass@host</c>, <c>redis://:pass@host</c>), secret
/// query parameters (<c>?secret=</c>, <c>&amp;token=</c>) and bearer tokens (<c>Bearer x</c>, as one argument or two): the
/// free-text rules are <see cref="SecretText"/>'s, shared with exception messages.
/// </summary>
internal static partial class CommandLineRedactor
{
    public const string Redacted = SecretText.Redacted;

    private const string SecretName = SecretText.SecretName;
    private const string NamePrefix = SecretText.NamePrefix;
    private const string NameSuffix = SecretText.NameSuffix;

    /// <summary><c>--name=value</c>, <c>-name:value</c>, <c>/name:value</c>, <c>name=value</c>.</summary>
    [GeneratedRegex(@"^(?<name>(?:--?|/)?" + NamePrefix + SecretName + NameSuffix + @")(?<sep>[=:])(?<value>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex InlineOption();

    /// <summary><c>--name</c> or <c>-name</c> alone: its value is the next argument.</summary>
    [GeneratedRegex(@"^(?:--?|/)" + NamePrefix + SecretName + NameSuffix + "$", RegexOptions.IgnoreCase)]
    private static partial Regex SeparateOption();

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
            // `--password x`, and `Bearer x` / `Basic x` given as two arguments (`curl -H Authorization: Bearer x` split by the shell is one).
            if (SeparateOption().IsMatch(argument) || IsAuthorizationScheme(argument))
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
        return SecretText.Redact(argument);
    }

    private static bool IsAuthorizationScheme(string argument) =>
        argument.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || argument.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>Joins arguments the way a shell would read them back (quotes around those with spaces).</summary>
    public static string Join(IReadOnlyList<string> arguments)
        => string.Join(' ', arguments.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"\"{a.Replace("\"", "\\\"")}\"" : a));

    private static bool LooksLikeOption(string argument) => argument.StartsWith('-') && argument.Length > 1 && !char.IsDigit(argument[1]);
}
