using System.Text;
using DotnetTelemetry.Otlp.Wire;

namespace DotnetTelemetry.Otlp.Tests;

public sealed class PartialSuccessTests
{
    [Theory]
    [InlineData("""{"partialSuccess":{"rejectedSpans":"3","errorMessage":"too big"}}""", 3, "too big")]
    [InlineData("""{"partialSuccess":{"rejectedLogRecords":2}}""", 2, null)]
    [InlineData("""{"partialSuccess":{}}""", 0, null)]
    [InlineData("""{"ok":1}""", 0, null)]
    [InlineData("", 0, null)]
    [InlineData("not json", 0, null)]
    public void Json_responses(string body, long rejected, string? message)
    {
        var partial = PartialSuccess.FromJson(Encoding.UTF8.GetBytes(body));
        Assert.Equal(rejected, partial.Rejected);
        Assert.Equal(message, partial.ErrorMessage);
    }

    [Fact]
    public void Protobuf_responses_skip_unknown_fields_and_survive_garbage()
    {
        // field 7 (unknown varint) = 1; field 1 (partial_success) = { rejected = 5, error_message = "x" }
        byte[] body = { 0x38, 0x01, 0x0A, 0x05, 0x08, 0x05, 0x12, 0x01, (byte)'x' };
        Assert.Equal(new PartialSuccess(5, "x"), PartialSuccess.FromProtobuf(body));
        Assert.True(PartialSuccess.FromProtobuf(new byte[] { 0x0A, 0x7F, 0x01 }).IsEmpty);
        Assert.True(PartialSuccess.FromProtobuf(Array.Empty<byte>()).IsEmpty);
    }
}
