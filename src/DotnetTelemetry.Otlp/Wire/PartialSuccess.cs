using System.Text.Json;
using Google.Protobuf;

namespace DotnetTelemetry.Otlp.Wire;

/// <summary>
/// The <c>partial_success</c> of an Export*ServiceResponse: how many spans or log records the receiver
/// rejected, and why. An empty response (or one without the field) means full success.
/// </summary>
internal readonly record struct PartialSuccess(long Rejected, string? ErrorMessage)
{
    public bool IsEmpty => Rejected == 0 && string.IsNullOrEmpty(ErrorMessage);

    /// <summary>Reads a protobuf response body; unknown fields are skipped, garbage gives "no partial success".</summary>
    public static PartialSuccess FromProtobuf(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return default;
        try
        {
            var input = new CodedInputStream(body.ToArray());
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == ExportResponseFields.PartialSuccess
                    && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    return ReadPartialSuccess(new CodedInputStream(input.ReadBytes().ToByteArray()));
                }
                input.SkipLastField();
            }
        }
        catch (InvalidProtocolBufferException)
        {
        }
        return default;
    }

    private static PartialSuccess ReadPartialSuccess(CodedInputStream input)
    {
        long rejected = 0;
        string? message = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case PartialSuccessFields.RejectedCount when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                    rejected = input.ReadInt64();
                    break;
                case PartialSuccessFields.ErrorMessage when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    message = input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return new PartialSuccess(rejected, message);
    }

    /// <summary>Reads a JSON response body: <c>{"partialSuccess":{"rejectedSpans":"2","errorMessage":"..."}}</c>.</summary>
    public static PartialSuccess FromJson(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return default;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("partialSuccess", out var partial)
                || partial.ValueKind != JsonValueKind.Object)
                return default;

            long rejected = 0;
            string? message = null;
            foreach (var property in partial.EnumerateObject())
            {
                if (property.NameEquals("rejectedSpans") || property.NameEquals("rejectedLogRecords"))
                    rejected = ReadInt64(property.Value);
                else if (property.NameEquals("errorMessage") && property.Value.ValueKind == JsonValueKind.String)
                    message = property.Value.GetString();
            }
            return new PartialSuccess(rejected, message);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>int64 may arrive as a JSON string (per the mapping) or, leniently, as a number.</summary>
    private static long ReadInt64(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var number) => number,
        JsonValueKind.String when long.TryParse(value.GetString(), out var parsed) => parsed,
        _ => 0,
    };
}
