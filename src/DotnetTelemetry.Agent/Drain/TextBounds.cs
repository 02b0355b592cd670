namespace DotnetTelemetry.Agent.Drain;

/// <summary>Caps the length of messages and stack traces; a cut text ends with "…" and says how much was cut.</summary>
internal sealed class TextBounds(int maxMessageLength, int maxStackTraceLength)
{
    public string? Message(string? text) => Cut(text, maxMessageLength);

    public string? StackTrace(string? text) => Cut(text, maxStackTraceLength);

    internal static string? Cut(string? text, int max)
    {
        if (text is null || text.Length <= max)
        {
            return text;
        }
        string marker = $"… ({text.Length - max} more characters)";
        int keep = Math.Max(0, max - marker.Length);
        return string.Concat(text.AsSpan(0, keep), marker);
    }
}
