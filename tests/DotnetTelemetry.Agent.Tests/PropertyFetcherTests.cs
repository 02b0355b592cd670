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

    private sealed class Response
    {
        public int StatusCode { get; init; } = 404;
        public long? ContentLength { get; init; }
        public string? ContentType { get; init; }
        public Host Host { get; init; } = new("served:8080");
    }

    private readonly struct BadText
    {
        public override string ToString() => throw new FormatException();
    }

    private sealed class Odd
    {
        public BadText Value => default;
    }

    [Fact]
    public void Reads_text_of_struct_nullable_and_reference_values_and_null_for_absent_ones()
    {
        var response = new Response { ContentLength = 12 };
        Assert.Equal("404", new PropertyFetcher("StatusCode").FetchString(response));
        Assert.Equal("12", new PropertyFetcher("ContentLength").FetchString(response));
        Assert.Null(new PropertyFetcher("ContentLength").FetchString(new Response()));
        Assert.Null(new PropertyFetcher("ContentType").FetchString(response));
        Assert.Equal("text/plain", new PropertyFetcher("ContentType").FetchString(new Response { ContentType = "text/plain" }));
        Assert.Null(new PropertyFetcher("Value").FetchString(new Odd()));   // the value's ToString throws
        Assert.Null(new PropertyFetcher("Nope").FetchString(response));
        Assert.Null(new PropertyFetcher("Host").FetchString(null));
    }

    [Fact]
    public void Types_seen_in_turn_each_keep_their_own_getter()
    {
        var host = new PropertyFetcher("Host");
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal("example:80", host.FetchString(new Context()));
            Assert.Equal("served:8080", host.FetchString(new Response()));
            Assert.Equal("served:8080", host.Fetch(new Response())?.ToString());
        }
    }

    [Fact]
    public void Missing_or_throwing_properties_read_as_null()
    {
        Assert.Null(new PropertyFetcher("Nope").Fetch(new Request()));
        Assert.Null(new PropertyFetcher("Throws").Fetch(new Request()));
        Assert.Null(new PropertyFetcher("Method").Fetch(null));
    }
}
