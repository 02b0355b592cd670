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
        Assert.EndsWith("… (900 more characters)", cut[(cut.Length - 23)..]);
    }
}
