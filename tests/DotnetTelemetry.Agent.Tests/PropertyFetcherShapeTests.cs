using DotnetTelemetry.Agent.Http;

namespace DotnetTelemetry.Agent.Tests;

/// <summary>Payload shapes a getter cannot be built for, or whose values misbehave, read as absent: never an exception.</summary>
public class PropertyFetcherShapeTests
{
    private sealed class SpanPayload
    {
        private readonly byte[] _bytes = new byte[4];
        public Span<byte> Request => _bytes;
    }

    private sealed class Unprintable
    {
        public override string ToString() => throw new InvalidOperationException("no text for you");
    }

    private sealed class HasUnprintable
    {
        public Unprintable Method { get; } = new();
    }

    [Fact]
    public void A_ref_struct_property_reads_as_null_every_time()
    {
        var fetcher = new PropertyFetcher("Request");
        Assert.Null(fetcher.Fetch(new SpanPayload()));
        Assert.Null(fetcher.Fetch(new SpanPayload()));
        Assert.Null(fetcher.FetchString(new SpanPayload()));
    }

    [Fact]
    public void A_value_whose_ToString_throws_reads_as_null_text()
    {
        var fetcher = new PropertyFetcher("Method");
        Assert.NotNull(fetcher.Fetch(new HasUnprintable()));
        Assert.Null(fetcher.FetchString(new HasUnprintable()));
    }
}
