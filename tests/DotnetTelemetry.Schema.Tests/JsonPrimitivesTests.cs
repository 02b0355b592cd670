using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Schema.Tests;

/// <summary>The writer's hand-made JSON primitives, compared with System.Text.Json and IEEE arithmetic.</summary>
public class JsonPrimitivesTests
{
    private static readonly string[] Pieces =
    {
        "a", "Z", "0", " ", "\"", "\\", "/", "<", ">", "&", "'", "+", "`", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u0001",
        "\u001f", "\u007f", "\u0080", "é", "ß", "中", "\u2028", "\u2029", "\uFEFF", "\uFFFE", "😀", "𝄞", "<Main>$", "at X.Y()",
    };

    [Fact]
    public void Strings_are_escaped_exactly_as_System_Text_Json_escapes_them()
    {
        var random = new Random(42);
        var encoderOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var builder = new JsonLineBuilder(16); // small, so escaping also crosses buffer growth
        for (var i = 0; i < 5000; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 40);
            for (var j = 0; j < length; j++) text.Append(Pieces[random.Next(Pieces.Length)]);
            var value = text.ToString();

            builder.Clear();
            builder.String(value);
            var expected = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(expected, encoderOptions)) json.WriteStringValue(value);

            Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), Encoding.UTF8.GetString(builder.WrittenSpan));
        }
    }

    [Fact]
    public void Unpaired_surrogates_become_the_replacement_character()
    {
        var builder = new JsonLineBuilder();
        builder.String("a\uD800b\uDC00\"");
        Assert.Equal("a\uFFFDb\uFFFD\"", JsonDocument.Parse(builder.WrittenSpan.ToArray()).RootElement.GetString());
    }

    [Fact]
    public void A_long_string_that_needs_escaping_grows_the_buffer_once_and_stays_intact()
    {
        var builder = new JsonLineBuilder(8);
        var value = string.Concat(Enumerable.Repeat("line\t\"quoted\"\n", 10_000));
        builder.String(value);
        Assert.Equal(value, JsonDocument.Parse(builder.WrittenSpan.ToArray()).RootElement.GetString());
    }

    [Fact]
    public void Doubles_and_integers_read_back_as_the_same_values()
    {
        var random = new Random(7);
        var builder = new JsonLineBuilder(8);
        for (var i = 0; i < 10_000; i++)
        {
            var number = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(number)) continue;
            builder.Clear();
            builder.Double(number);
            Assert.Equal(number, JsonDocument.Parse(builder.WrittenSpan.ToArray()).RootElement.GetDouble());

            var integer = random.NextInt64(long.MinValue, long.MaxValue);
            builder.Clear();
            builder.Int64(integer);
            Assert.Equal(integer, JsonDocument.Parse(builder.WrittenSpan.ToArray()).RootElement.GetInt64());
        }
    }

    [Fact]
    public void Millis_text_parses_to_exactly_nanos_over_a_million()
    {
        var random = new Random(99);
        Span<byte> buffer = stackalloc byte[32];
        for (var i = 0; i < 200_000; i++)
        {
            // Every magnitude from 1 ns to just under the 10^15 limit.
            var nanos = random.NextInt64(0, (long)Math.Pow(10, random.Next(1, 16)));
            Assert.True(DecimalFormat.TryFormatMillis(nanos, buffer, out var written));
            var text = Encoding.ASCII.GetString(buffer[..written]);
            Assert.Equal(nanos / 1e6, double.Parse(text, CultureInfo.InvariantCulture));
            Assert.DoesNotContain("E", text);
        }
        Assert.True(DecimalFormat.TryFormatMillis(345_678_000, buffer, out var w1));
        Assert.Equal("345.678", Encoding.ASCII.GetString(buffer[..w1]));
        Assert.True(DecimalFormat.TryFormatMillis(1, buffer, out var w2));
        Assert.Equal("0.000001", Encoding.ASCII.GetString(buffer[..w2]));
        Assert.True(DecimalFormat.TryFormatMillis(5_000_000, buffer, out var w3));
        Assert.Equal("5", Encoding.ASCII.GetString(buffer[..w3]));
        Assert.False(DecimalFormat.TryFormatMillis(1_000_000_000_000_000, buffer, out _));
        Assert.False(DecimalFormat.TryFormatMillis(-1, buffer, out _));
    }

    [Fact]
    public void Huge_and_negative_durations_fall_back_to_double_formatting_and_keep_the_rule()
    {
        foreach (var nanos in new[] { long.MaxValue, 1_000_000_000_000_001, -5 })
        {
            var e = SampleEvents.Full(EventType.FunctionExit);
            e.DurationNanos = nanos;
            using var document = JsonDocument.Parse(new TelemetryJsonWriter().Format(e).ToArray());
            Assert.Equal(nanos / 1e6, document.RootElement.GetProperty("duration_ms").GetDouble());
        }
    }
}

public class JsonLineBuilderMemoryTests
{
    [Fact]
    public void One_huge_line_does_not_keep_its_buffer_for_ever()
    {
        var builder = new JsonLineBuilder();
        builder.String(new string('x', 2_000_000));
        Assert.True(builder.Capacity > 2_000_000);

        for (var i = 0; i < 999; i++)
        {
            builder.Clear();
            builder.String("small");
        }
        Assert.True(builder.Capacity > 2_000_000, "shrinks only after many small lines");

        for (var i = 0; i < 2; i++)
        {
            builder.Clear();
            builder.String("small");
        }
        Assert.Equal(4096, builder.Capacity);
        Assert.Equal("\"small\"", System.Text.Encoding.UTF8.GetString(builder.WrittenSpan));
    }
}
