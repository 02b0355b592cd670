using DotnetTelemetry.Agent.Drain;

namespace DotnetTelemetry.Agent.Tests;

public class TextBoundsTests
{
    [Fact]
    public void Short_texts_are_unchanged_and_long_ones_are_cut_with_a_note()
    {
        Assert.Equal("abc", TextBounds.Cut("abc", 10));
        Assert.Null(TextBounds.Cut(null, 10));
        string cut = TextBounds.Cut(new string('x', 1000), 100)!;
        Assert.Equal(100, cut.Length);
        Assert.EndsWith("… (923 more characters)", cut);
        Assert.Equal(77, cut.TrimEnd(' ', '(', ')').IndexOf('…'));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(41)]
    [InlineData(42)]
    [InlineData(43)]
    public void A_cut_never_splits_a_surrogate_pair_and_counts_what_it_left_out(int max)
    {
        string text = string.Concat(Enumerable.Repeat("a😀", 60)); // 180 UTF-16 code units
        string cut = TextBounds.Cut(text, max)!;

        Assert.True(cut.Length <= max, cut);
        int kept = cut.IndexOf('…');
        Assert.False(char.IsHighSurrogate(cut[kept - 1]), cut);
        Assert.Equal(text[..kept], cut[..kept]);
        Assert.EndsWith($"… ({text.Length - kept} more characters)", cut);
        Assert.True(System.Text.Unicode.Utf8.FromUtf16(cut, new byte[cut.Length * 3], out _, out _, replaceInvalidSequences: false)
            == System.Buffers.OperationStatus.Done, "valid UTF-16");
    }
}
