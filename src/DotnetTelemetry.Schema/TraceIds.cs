namespace DotnetTelemetry.Schema;

/// <summary>A W3C trace id (128 bits) kept as two integers so the hot path never formats strings.</summary>
public readonly record struct TraceId(ulong High, ulong Low)
{
    public bool IsEmpty => High == 0 && Low == 0;

    /// <summary>32 lowercase hex characters.</summary>
    public override string ToString() => $"{High:x16}{Low:x16}";

    /// <summary>Parses 32 hex digits (either case; the schema itself only accepts lowercase).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TraceId traceId)
    {
        traceId = default;
        if (text.Length != 32 || !HexFormat.TryParse(text[..16], out var high) || !HexFormat.TryParse(text[16..], out var low)) return false;
        traceId = new TraceId(high, low);
        return true;
    }
}

/// <summary>A W3C span id (64 bits); 0 means "none".</summary>
public readonly record struct SpanId(ulong Value)
{
    public bool IsEmpty => Value == 0;

    /// <summary>16 lowercase hex characters.</summary>
    public override string ToString() => Value.ToString("x16");

    /// <summary>Parses 16 hex digits (either case; the schema itself only accepts lowercase).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SpanId spanId)
    {
        var ok = HexFormat.TryParse(text, out var value);
        spanId = new SpanId(value);
        return ok;
    }
}
