using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace DotnetTelemetry.Schema;

/// <summary>
/// A growable UTF-8 buffer with the few JSON primitives an event needs. The caller lays out the fixed
/// structure from pre-encoded byte literals (property names with their commas and colons), so one event
/// costs a handful of copies instead of a general JSON writer's per-token bookkeeping. Reused across
/// events: once it has grown to the largest event seen, writing allocates nothing.
/// </summary>
internal sealed class JsonLineBuilder
{
    // Relaxed escaping keeps '<', '>', '&', '\'' and non-ASCII text readable (stack traces are full of
    // "<Main>$" and generic names); the output is NDJSON for log pipelines, never embedded in HTML.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private const int MaxEscapedBytesPerUtf8Byte = 6; // a control character becomes \u00XX

    /// <summary>Above this capacity the buffer is given back once events are small again.</summary>
    private const int LargeCapacity = 1 << 20;
    private const int SmallLinesBeforeShrinking = 1000;

    private readonly int _initialCapacity;
    private byte[] _buffer;
    private int _length;
    private int _smallLinesWhileLarge;

    public JsonLineBuilder(int initialCapacity = 4096)
    {
        _initialCapacity = initialCapacity;
        _buffer = new byte[initialCapacity];
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public int Capacity => _buffer.Length;

    /// <summary>
    /// Starts a new line. One huge event (a giant message) grows the buffer; so that it does not stay pinned
    /// for the life of the process, the buffer shrinks back after many lines that would have fitted a quarter of it.
    /// </summary>
    public void Clear()
    {
        if (_buffer.Length > LargeCapacity)
        {
            _smallLinesWhileLarge = _length < _buffer.Length / 4 ? _smallLinesWhileLarge + 1 : 0;
            if (_smallLinesWhileLarge >= SmallLinesBeforeShrinking)
            {
                _buffer = new byte[_initialCapacity];
                _smallLinesWhileLarge = 0;
            }
        }
        _length = 0;
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _length += bytes.Length;
    }

    /// <summary>Current length: a position to hand to <see cref="RawCopyOf"/> later.</summary>
    public int Position => _length;

    /// <summary>Appends a copy of bytes already written (e.g. a string encoded once and needed twice).</summary>
    public void RawCopyOf(int start, int count)
    {
        Reserve(count);
        Array.Copy(_buffer, start, _buffer, _length, count);
        _length += count;
    }

    public void Byte(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
    }

    public void Int64(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(20), out var written);
        _length += written;
    }

    /// <summary>A finite double in shortest round-trip form (JSON has no NaN or infinities: callers decide about those).</summary>
    public void Double(double value)
    {
        value.TryFormat(Reserve(32), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>
    /// A JSON string: quoted, escaped, with unpaired surrogates replaced by U+FFFD. A null that slipped into a
    /// field the model declares non-null is written as "" rather than failing the whole event.
    /// </summary>
    public void String(string? value)
    {
        value ??= "";
        // UTF-16 to UTF-8 takes at most 3 bytes per char; most strings need no escaping at all.
        var destination = Reserve(value.Length * 3 + 2);
        destination[0] = (byte)'"';
        Utf8.FromUtf16(value, destination[1..], out _, out var utf8Length, replaceInvalidSequences: true);
        var firstToEscape = Encoder.FindFirstCharacterToEncodeUtf8(destination.Slice(1, utf8Length));
        if (firstToEscape < 0)
        {
            destination[utf8Length + 1] = (byte)'"';
            _length += utf8Length + 2;
            return;
        }
        EscapeTail(_length + 1 + firstToEscape, utf8Length - firstToEscape);
    }

    /// <summary>Escapes the <paramref name="count"/> UTF-8 bytes at <paramref name="start"/> in place, then closes the string.</summary>
    private void EscapeTail(int start, int count)
    {
        var tail = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            _buffer.AsSpan(start, count).CopyTo(tail);
            _length = start;
            var destination = Reserve(count * MaxEscapedBytesPerUtf8Byte + 1);
            Encoder.EncodeUtf8(tail.AsSpan(0, count), destination, out _, out var written, isFinalBlock: true);
            destination[written] = (byte)'"';
            _length += written + 1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tail);
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
        {
            var grown = new byte[Math.Max(_buffer.Length * 2, _length + count)];
            _buffer.AsSpan(0, _length).CopyTo(grown);
            _buffer = grown;
        }
        return _buffer.AsSpan(_length);
    }
}
