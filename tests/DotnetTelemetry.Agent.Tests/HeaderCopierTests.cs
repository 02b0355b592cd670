using System.Net.Http.Headers;
using DotnetTelemetry.Agent.Http;

namespace DotnetTelemetry.Agent.Tests;

public class HeaderCopierTests
{
    [Fact]
    public void Repeated_names_from_a_pair_list_become_one_header_with_joined_values()
    {
        var pairs = new List<KeyValuePair<string, string>>
        {
            new("Accept", "text/html"),
            new("Set-Cookie", "a=1"),
            new("accept", "application/json"),
            new("Set-Cookie", "b=2"),
        };

        var copied = HeaderCopier.CopyPairs(pairs)!;

        Assert.Equal(2, copied.Length);
        Assert.Equal(new KeyValuePair<string, string>("Accept", "text/html, application/json"), copied[0]);
        Assert.Equal(new KeyValuePair<string, string>("Set-Cookie", "a=1, b=2"), copied[1]);
    }

    [Fact]
    public void A_name_in_both_header_collections_appears_once()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/") { Content = new StringContent("x") };
        request.Headers.TryAddWithoutValidation("X-Trace-Tag", "one");
        request.Content.Headers.TryAddWithoutValidation("X-Trace-Tag", "two");

        var copied = HeaderCopier.Copy(request.Headers, request.Content.Headers)!;

        var tag = Assert.Single(copied, h => string.Equals(h.Key, "X-Trace-Tag", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("one, two", tag.Value);
    }

    [Fact]
    public void A_header_repeated_without_end_stays_bounded()
    {
        var pairs = Enumerable.Range(0, 100_000).Select(i => new KeyValuePair<string, string>("X-Many", "value" + i)).ToList();

        var copied = HeaderCopier.CopyPairs(pairs)!;

        var many = Assert.Single(copied);
        Assert.InRange(many.Value.Length, 1, HeaderCopier.MaxJoinedLength + 64);
    }

    /// <summary>Like ASP.NET Core's StringValues: a struct whose text is its values joined with ",".</summary>
    private readonly struct Values(params string[] values)
    {
        public override string ToString() => string.Join(",", values);
    }

    [Fact]
    public void A_dictionary_with_struct_values_is_copied_with_each_value_as_text()
    {
        var source = new Dictionary<string, Values>(StringComparer.OrdinalIgnoreCase)
        {
            ["Accept"] = new("text/html", "application/json"),
            ["Host"] = new("127.0.0.1:5080"),
        };

        var copied = HeaderCopier.CopyPairs(source)!;

        Assert.Equal(
            new[] { new KeyValuePair<string, string>("Accept", "text/html,application/json"), new KeyValuePair<string, string>("Host", "127.0.0.1:5080") },
            copied);
    }

    [Fact]
    public void Pairs_known_only_by_their_Key_and_Value_properties_are_copied_too()
    {
        object[] source = [new { Key = "Accept", Value = "text/html" }, new { Key = "Accept", Value = (string?)null }, new { Key = (string?)null, Value = "lost" }];

        var copied = HeaderCopier.CopyPairs(source)!;

        Assert.Equal(new[] { new KeyValuePair<string, string>("Accept", "text/html, ") }, copied);
        Assert.Null(HeaderCopier.CopyPairs(42));
    }
}
