namespace DotnetTelemetry.Agent.Resources;

/// <summary>
/// Reads a Kubernetes downward-API file of labels or annotations: one <c>key="value"</c> per line,
/// the value quoted with Go escapes (<c>\"</c>, <c>\\</c>, <c>\n</c>).
/// </summary>
internal static class DownwardApiFile
{
    public static IReadOnlyList<KeyValuePair<string, string>> Read(string path)
    {
        try
        {
            return File.Exists(path) ? Parse(File.ReadAllText(path)) : Array.Empty<KeyValuePair<string, string>>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<KeyValuePair<string, string>>();
        }
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.Trim();
            int equals = line.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }
            string key = line[..equals].Trim();
            string value = line[(equals + 1)..].Trim();
            pairs.Add(new(key, value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? Unquote(value[1..^1]) : value));
        }
        return pairs;
    }

    private static string Unquote(string quoted)
    {
        var builder = new System.Text.StringBuilder(quoted.Length);
        for (int i = 0; i < quoted.Length; i++)
        {
            char c = quoted[i];
            if (c == '\\' && i + 1 < quoted.Length)
            {
                char next = quoted[++i];
                builder.Append(next switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => next });
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
