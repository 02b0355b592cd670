using System.Buffers.Text;

namespace DotnetTelemetry.Schema;

/// <summary>
/// Fast, exact number formatting for the two doubles on every event. General double formatting
/// (shortest round trip) is the most expensive step of writing an event; these cases need none of it.
/// </summary>
internal static class DecimalFormat
{
    /// <summary>Below 10^15 a decimal fits in a double's 15 guaranteed significant digits.</summary>
    private const long ExactLimit = 1_000_000_000_000_000;

    /// <summary>
    /// Writes <paramref name="nanos"/> / 1e6 as a decimal ("345.678", "0.000001", "12") when that decimal has at most
    /// 15 significant digits. It then parses back to exactly the double <c>nanos / 1e6</c> (the nearest double to the
    /// decimal, which IEEE division also yields), and no shorter text does, so it is what shortest-round-trip
    /// formatting would print (without its exponent notation). False otherwise: the caller formats the double.
    /// </summary>
    public static bool TryFormatMillis(long nanos, Span<byte> destination, out int written)
    {
        written = 0;
        if (nanos < 0 || nanos >= ExactLimit) return false;

        var whole = nanos / 1_000_000;
        var fraction = (int)(nanos % 1_000_000);
        if (!Utf8Formatter.TryFormat(whole, destination, out written)) return false;
        if (fraction == 0) return true;

        var digits = 6;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }
        destination[written++] = (byte)'.';
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[written + i] = (byte)('0' + fraction % 10);
            fraction /= 10;
        }
        written += digits;
        return true;
    }
}
