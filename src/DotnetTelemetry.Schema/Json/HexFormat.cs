namespace DotnetTelemetry.Schema;

/// <summary>Lowercase hex encoding of ids into caller-provided spans: no strings, no allocation.</summary>
internal static class HexFormat
{
    private static ReadOnlySpan<byte> Digits => "0123456789abcdef"u8;

    /// <summary>Writes the 16 lowercase hex digits of <paramref name="value"/>, most significant first.</summary>
    public static void Write(ulong value, Span<byte> destination)
    {
        var digits = Digits;
        for (var i = 15; i >= 0; i--)
        {
            destination[i] = digits[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    /// <summary>Parses exactly 16 hex digits (either case); false on anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (text.Length != 16) return false;
        foreach (var c in text)
        {
            int nibble = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (nibble < 0) return false;
            value = (value << 4) | (uint)nibble;
        }
        return true;
    }
}
