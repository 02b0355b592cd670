namespace DotnetTelemetry.Agent.Drain;

/// <summary>
/// Caps the length of messages and stack traces. A cut text is exactly the cap long (in UTF-16 code units, .NET's
/// string length), ends with "…" and says how many code units were left out; a surrogate pair (an emoji, a CJK
/// extension character) is never split, so the result is always valid Unicode.
/// </summary>
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
        // The note's length depends on the count it gives, and the count on the note's length: settle both (the count
        // only grows, so this ends within a few rounds).
        int keep = max;
        string marker;
        while (true)
        {
            marker = $"… ({text.Length - keep} more characters)";
            int fits = Math.Max(0, max - marker.Length);
            if (fits > 0 && char.IsHighSurrogate(text[fits - 1]))
            {
                fits--; // keep the pair whole: both halves go
            }
            if (fits == keep)
            {
                break;
            }
            keep = fits;
        }
        return string.Concat(text.AsSpan(0, keep), marker);
    }
}
