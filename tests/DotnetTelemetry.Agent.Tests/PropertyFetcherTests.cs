using DotnetTelemetry.Agent.Http;

namespace DotnetTelemetry.Agent.Tests;

public class PropertyFetcherTests
{
    private sealed class Request
    {
        public string Method { get; init; } = "GET";
        public int Throws => throw new InvalidOperationException();
    }

    private readonly struct Host(string value)
    {
        public string Value { get; } = value;
        public override string ToString() => Value;
    }

    private sealed class Context
    {
        public Host Host { get; } = new("example:80");
    }

    [Fact]
    public void Reads_properties_of_any_type_including_anonymous_and_struct_values()
    {
        var method = new PropertyFetcher("Method");
        Assert.Equal("GET", method.Fetch(new Request()));
        Assert.Equal("PUT", method.Fetch(new { Method = "PUT" }));  // a second type: its own getter
        Assert.Equal("GET", method.Fetch(new Request()));           // the first type again
        Assert.Equal("example:80", new PropertyFetcher("Host").FetchString(new Context()));
    }

    [Fact]
    public void Missing_or_throwing_properties_read_as_null()
    {
        Assert.Null(new PropertyFetcher("Nope").Fetch(new Request()));
        Assert.Null(new PropertyFetcher("Throws").Fetch(new Request()));
        Assert.Null(new PropertyFetcher("Method").Fetch(null));
    }
}
