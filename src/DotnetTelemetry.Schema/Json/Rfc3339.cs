namespace DotnetTelemetry.Schema;

/// <summary>
/// The <c>timestamp</c> field: RFC 3339, UTC, millisecond precision ("2025-11-03T19:15:41.499Z"),
/// formatted from Unix nanoseconds into a span without allocating, and parsed strictly.
/// </summary>
public static class Rfc3339
{
    /// <summary>Length of a formatted timestamp: "yyyy-MM-ddTHH:mm:ss.fffZ".</summary>
    public const int FormattedLength = 24;

    private const long NanosPerMilli = 1_000_000;
    private const long MillisPerDay = 86_400_000;

    /// <summary>Writes <paramref name="unixNanos"/> truncated to the millisecond (the same instant at ms precision).</summary>
    public static void Format(long unixNanos, Span<byte> destination)
    {
        var millis = FloorDiv(unixNanos, NanosPerMilli);
        var days = FloorDiv(millis, MillisPerDay);
        var millisOfDay = millis - days * MillisPerDay;
        CivilFromDays(days, out var year, out var month, out var day);

        WriteDigits(destination.Slice(0, 4), year);
        destination[4] = (byte)'-';
        WriteDigits(destination.Slice(5, 2), month);
        destination[7] = (byte)'-';
        WriteDigits(destination.Slice(8, 2), day);
        destination[10] = (byte)'T';
        WriteDigits(destination.Slice(11, 2), millisOfDay / 3_600_000);
        destination[13] = (byte)':';
        WriteDigits(destination.Slice(14, 2), millisOfDay / 60_000 % 60);
        destination[16] = (byte)':';
        WriteDigits(destination.Slice(17, 2), millisOfDay / 1000 % 60);
        destination[19] = (byte)'.';
        WriteDigits(destination.Slice(20, 3), millisOfDay % 1000);
        destination[23] = (byte)'Z';
    }

    /// <summary>Formats to a string (for tests and tools; allocates).</summary>
    public static string Format(long unixNanos)
    {
        Span<byte> buffer = stackalloc byte[FormattedLength];
        Format(unixNanos, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    /// <summary>
    /// Parses an RFC 3339 date-time ("T"/"Z" in either case, optional fraction of up to 9 digits, "Z" or
    /// a ±hh:mm offset) into Unix nanoseconds. False when the text is not such a timestamp or is out of range.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long unixNanos)
    {
        unixNanos = 0;
        if (text.Length < 20) return false;
        if (!TryDigits(text, 0, 4, out var year) || text[4] != '-' ||
            !TryDigits(text, 5, 2, out var month) || text[7] != '-' ||
            !TryDigits(text, 8, 2, out var day) || (text[10] != 'T' && text[10] != 't') ||
            !TryDigits(text, 11, 2, out var hour) || text[13] != ':' ||
            !TryDigits(text, 14, 2, out var minute) || text[16] != ':' ||
            !TryDigits(text, 17, 2, out var second))
        {
            return false;
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth((int)Math.Max(1, year), (int)month) ||
            hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var position = 19;
        long fractionNanos = 0;
        if (text[position] == '.')
        {
            position++;
            var start = position;
            long scale = 100_000_000;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                if (position - start >= 9) return false;
                fractionNanos += (text[position] - '0') * scale;
                scale /= 10;
                position++;
            }
            if (position == start) return false;
        }

        long offsetMinutes;
        var rest = text.Slice(position);
        if (rest.Length == 1 && (rest[0] == 'Z' || rest[0] == 'z'))
        {
            offsetMinutes = 0;
        }
        else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
                 TryDigits(rest, 1, 2, out var offsetHours) && TryDigits(rest, 4, 2, out var offsetMins) &&
                 offsetHours <= 23 && offsetMins <= 59)
        {
            offsetMinutes = (offsetHours * 60 + offsetMins) * (rest[0] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        var days = DaysFromCivil(year, month, day);
        var seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
        // Unix nanoseconds in a long cover 1677..2262.
        if (seconds < long.MinValue / 1_000_000_000 + 1 || seconds > long.MaxValue / 1_000_000_000 - 1) return false;
        unixNanos = seconds * 1_000_000_000 + fractionNanos;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, int start, int count, out long value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i])) return false;
            value = value * 10 + (text[i] - '0');
        }
        return true;
    }

    private static void WriteDigits(Span<byte> destination, long value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }

    // Proleptic Gregorian calendar <-> days since 1970-01-01 (H. Hinnant's public-domain algorithms).
    private static void CivilFromDays(long days, out long year, out long month, out long day)
    {
        days += 719_468;
        var era = (days >= 0 ? days : days - 146_096) / 146_097;
        var dayOfEra = days - era * 146_097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var shiftedMonth = (5 * dayOfYear + 2) / 153;
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    }

    private static long DaysFromCivil(long year, long month, long day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - era * 400;
        var dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
