using System.Buffers.Binary;
using DotnetTelemetry.Otlp.Model;
using DotnetTelemetry.Schema;
using Google.Protobuf;
using static Google.Protobuf.CodedOutputStream;

namespace DotnetTelemetry.Otlp.Wire;

/// <summary>
/// Writes ExportTraceServiceRequest / ExportLogsServiceRequest in the protobuf binary format with
/// Google.Protobuf's coded stream. Each message has a Size and a Write method: a nested message is
/// written as tag, length (from Size), then its fields, so the whole request goes into one exact array.
/// </summary>
internal static class ProtobufEncoder
{
    public static byte[] EncodeTraces(ExportBatch batch)
    {
        int resourceSpansSize = ResourceSpansSize(batch);
        var buffer = new byte[FieldSize(ExportTraceServiceRequestFields.ResourceSpans, resourceSpansSize)];
        var output = new CodedOutputStream(buffer);
        WriteMessageHeader(output, ExportTraceServiceRequestFields.ResourceSpans, resourceSpansSize);
        WriteResourceSpans(output, batch);
        output.Flush();
        output.CheckNoSpaceLeft();
        return buffer;
    }

    public static byte[] EncodeLogs(ExportBatch batch)
    {
        int resourceLogsSize = ResourceLogsSize(batch);
        var buffer = new byte[FieldSize(ExportLogsServiceRequestFields.ResourceLogs, resourceLogsSize)];
        var output = new CodedOutputStream(buffer);
        WriteMessageHeader(output, ExportLogsServiceRequestFields.ResourceLogs, resourceLogsSize);
        WriteResourceLogs(output, batch);
        output.Flush();
        output.CheckNoSpaceLeft();
        return buffer;
    }

    // ---- traces ----

    private static int ResourceSpansSize(ExportBatch batch)
    {
        int size = FieldSize(ResourceSpansFields.Resource, ResourceSize(batch.Resource));
        return size + FieldSize(ResourceSpansFields.ScopeSpans, ScopeSpansSize(batch));
    }

    private static void WriteResourceSpans(CodedOutputStream output, ExportBatch batch)
    {
        WriteMessageHeader(output, ResourceSpansFields.Resource, ResourceSize(batch.Resource));
        WriteResource(output, batch.Resource);
        WriteMessageHeader(output, ResourceSpansFields.ScopeSpans, ScopeSpansSize(batch));
        WriteScopeSpans(output, batch);
    }

    private static int ScopeSpansSize(ExportBatch batch)
    {
        int size = FieldSize(ScopeSpansFields.Scope, ScopeSize(batch.Resource));
        foreach (var span in batch.Spans) size += FieldSize(ScopeSpansFields.Spans, SpanSize(span));
        return size;
    }

    private static void WriteScopeSpans(CodedOutputStream output, ExportBatch batch)
    {
        WriteMessageHeader(output, ScopeSpansFields.Scope, ScopeSize(batch.Resource));
        WriteScope(output, batch.Resource);
        foreach (var span in batch.Spans)
        {
            WriteMessageHeader(output, ScopeSpansFields.Spans, SpanSize(span));
            WriteSpan(output, span);
        }
    }

    private static int SpanSize(OtlpSpan span)
    {
        int size = TraceIdFieldSize(SpanFields.TraceId) + SpanIdFieldSize(SpanFields.SpanId);
        if (!span.ParentSpanId.IsEmpty) size += SpanIdFieldSize(SpanFields.ParentSpanId);
        size += ComputeTagSize(SpanFields.Flags) + ComputeFixed32Size(0);
        size += StringFieldSize(SpanFields.Name, span.Name);
        size += ComputeTagSize(SpanFields.Kind) + ComputeEnumSize((int)span.Kind);
        size += 2 * (ComputeTagSize(SpanFields.StartTimeUnixNano) + ComputeFixed64Size(0));
        size += AttributesSize(SpanFields.Attributes, span.Attributes);
        foreach (var spanEvent in span.Events) size += FieldSize(SpanFields.Events, SpanEventSize(spanEvent));
        if (span.DroppedEvents > 0)
            size += ComputeTagSize(SpanFields.DroppedEventsCount) + ComputeUInt32Size((uint)span.DroppedEvents);
        size += FieldSize(SpanFields.Status, StatusSize(span));
        return size;
    }

    private static void WriteSpan(CodedOutputStream output, OtlpSpan span)
    {
        WriteTraceId(output, SpanFields.TraceId, span.TraceId);
        WriteSpanId(output, SpanFields.SpanId, span.SpanId);
        if (!span.ParentSpanId.IsEmpty) WriteSpanId(output, SpanFields.ParentSpanId, span.ParentSpanId);
        output.WriteTag(SpanFields.Flags, WireFormat.WireType.Fixed32);
        output.WriteFixed32(span.TraceFlags);
        WriteStringField(output, SpanFields.Name, span.Name);
        output.WriteTag(SpanFields.Kind, WireFormat.WireType.Varint);
        output.WriteEnum((int)span.Kind);
        output.WriteTag(SpanFields.StartTimeUnixNano, WireFormat.WireType.Fixed64);
        output.WriteFixed64((ulong)span.StartUnixNanos);
        output.WriteTag(SpanFields.EndTimeUnixNano, WireFormat.WireType.Fixed64);
        output.WriteFixed64((ulong)span.EndUnixNanos);
        WriteAttributes(output, SpanFields.Attributes, span.Attributes);
        foreach (var spanEvent in span.Events)
        {
            WriteMessageHeader(output, SpanFields.Events, SpanEventSize(spanEvent));
            WriteSpanEvent(output, spanEvent);
        }
        if (span.DroppedEvents > 0)
        {
            output.WriteTag(SpanFields.DroppedEventsCount, WireFormat.WireType.Varint);
            output.WriteUInt32((uint)span.DroppedEvents);
        }
        WriteMessageHeader(output, SpanFields.Status, StatusSize(span));
        WriteStatus(output, span);
    }

    private static int SpanEventSize(OtlpSpanEvent spanEvent) =>
        ComputeTagSize(SpanEventFields.TimeUnixNano) + ComputeFixed64Size(0)
        + StringFieldSize(SpanEventFields.Name, spanEvent.Name)
        + AttributesSize(SpanEventFields.Attributes, spanEvent.Attributes);

    private static void WriteSpanEvent(CodedOutputStream output, OtlpSpanEvent spanEvent)
    {
        output.WriteTag(SpanEventFields.TimeUnixNano, WireFormat.WireType.Fixed64);
        output.WriteFixed64((ulong)spanEvent.TimeUnixNanos);
        WriteStringField(output, SpanEventFields.Name, spanEvent.Name);
        WriteAttributes(output, SpanEventFields.Attributes, spanEvent.Attributes);
    }

    private static int StatusSize(OtlpSpan span)
    {
        int size = 0;
        if (!string.IsNullOrEmpty(span.StatusMessage)) size += StringFieldSize(StatusFields.Message, span.StatusMessage);
        if (span.StatusCode != OtlpStatusCode.Unset)
            size += ComputeTagSize(StatusFields.Code) + ComputeEnumSize((int)span.StatusCode);
        return size;
    }

    private static void WriteStatus(CodedOutputStream output, OtlpSpan span)
    {
        if (!string.IsNullOrEmpty(span.StatusMessage)) WriteStringField(output, StatusFields.Message, span.StatusMessage);
        if (span.StatusCode != OtlpStatusCode.Unset)
        {
            output.WriteTag(StatusFields.Code, WireFormat.WireType.Varint);
            output.WriteEnum((int)span.StatusCode);
        }
    }

    // ---- logs ----

    private static int ResourceLogsSize(ExportBatch batch) =>
        FieldSize(ResourceLogsFields.Resource, ResourceSize(batch.Resource))
        + FieldSize(ResourceLogsFields.ScopeLogs, ScopeLogsSize(batch));

    private static void WriteResourceLogs(CodedOutputStream output, ExportBatch batch)
    {
        WriteMessageHeader(output, ResourceLogsFields.Resource, ResourceSize(batch.Resource));
        WriteResource(output, batch.Resource);
        WriteMessageHeader(output, ResourceLogsFields.ScopeLogs, ScopeLogsSize(batch));
        WriteScopeLogs(output, batch);
    }

    private static int ScopeLogsSize(ExportBatch batch)
    {
        int size = FieldSize(ScopeLogsFields.Scope, ScopeSize(batch.Resource));
        foreach (var log in batch.Logs) size += FieldSize(ScopeLogsFields.LogRecords, LogRecordSize(log));
        return size;
    }

    private static void WriteScopeLogs(CodedOutputStream output, ExportBatch batch)
    {
        WriteMessageHeader(output, ScopeLogsFields.Scope, ScopeSize(batch.Resource));
        WriteScope(output, batch.Resource);
        foreach (var log in batch.Logs)
        {
            WriteMessageHeader(output, ScopeLogsFields.LogRecords, LogRecordSize(log));
            WriteLogRecord(output, log);
        }
    }

    private static int LogRecordSize(OtlpLogRecord log)
    {
        int size = 2 * (ComputeTagSize(LogRecordFields.TimeUnixNano) + ComputeFixed64Size(0));
        size += ComputeTagSize(LogRecordFields.SeverityNumber) + ComputeEnumSize(log.SeverityNumber);
        if (log.SeverityText is not null) size += StringFieldSize(LogRecordFields.SeverityText, log.SeverityText);
        if (log.Body is not null) size += FieldSize(LogRecordFields.Body, StringValueSize(log.Body));
        size += AttributesSize(LogRecordFields.Attributes, log.Attributes);
        size += ComputeTagSize(LogRecordFields.Flags) + ComputeFixed32Size(0);
        if (!log.TraceId.IsEmpty) size += TraceIdFieldSize(LogRecordFields.TraceId);
        if (!log.SpanId.IsEmpty) size += SpanIdFieldSize(LogRecordFields.SpanId);
        return size;
    }

    private static void WriteLogRecord(CodedOutputStream output, OtlpLogRecord log)
    {
        output.WriteTag(LogRecordFields.TimeUnixNano, WireFormat.WireType.Fixed64);
        output.WriteFixed64((ulong)log.TimeUnixNanos);
        output.WriteTag(LogRecordFields.SeverityNumber, WireFormat.WireType.Varint);
        output.WriteEnum(log.SeverityNumber);
        if (log.SeverityText is not null) WriteStringField(output, LogRecordFields.SeverityText, log.SeverityText);
        if (log.Body is not null)
        {
            WriteMessageHeader(output, LogRecordFields.Body, StringValueSize(log.Body));
            WriteStringField(output, AnyValueFields.StringValue, log.Body);
        }
        WriteAttributes(output, LogRecordFields.Attributes, log.Attributes);
        output.WriteTag(LogRecordFields.Flags, WireFormat.WireType.Fixed32);
        output.WriteFixed32(log.TraceFlags);
        if (!log.TraceId.IsEmpty) WriteTraceId(output, LogRecordFields.TraceId, log.TraceId);
        if (!log.SpanId.IsEmpty) WriteSpanId(output, LogRecordFields.SpanId, log.SpanId);
        output.WriteTag(LogRecordFields.ObservedTimeUnixNano, WireFormat.WireType.Fixed64);
        output.WriteFixed64((ulong)log.ObservedUnixNanos);
    }

    // ---- resource, scope, attributes ----

    private static int ResourceSize(ResourceSnapshot resource) => AttributesSize(ResourceFields.Attributes, resource.Attributes);

    private static void WriteResource(CodedOutputStream output, ResourceSnapshot resource) =>
        WriteAttributes(output, ResourceFields.Attributes, resource.Attributes);

    private static int ScopeSize(ResourceSnapshot resource) =>
        StringFieldSize(InstrumentationScopeFields.Name, resource.ScopeName)
        + StringFieldSize(InstrumentationScopeFields.Version, resource.ScopeVersion);

    private static void WriteScope(CodedOutputStream output, ResourceSnapshot resource)
    {
        WriteStringField(output, InstrumentationScopeFields.Name, resource.ScopeName);
        WriteStringField(output, InstrumentationScopeFields.Version, resource.ScopeVersion);
    }

    private static int AttributesSize(int field, OtlpAttributes attributes)
    {
        int size = 0;
        foreach (var attribute in attributes) size += FieldSize(field, KeyValueSize(attribute));
        return size;
    }

    private static void WriteAttributes(CodedOutputStream output, int field, OtlpAttributes attributes)
    {
        foreach (var attribute in attributes)
        {
            WriteMessageHeader(output, field, KeyValueSize(attribute));
            WriteStringField(output, KeyValueFields.Key, attribute.Key);
            WriteMessageHeader(output, KeyValueFields.Value, AnyValueSize(attribute.Value));
            WriteAnyValue(output, attribute.Value);
        }
    }

    private static int KeyValueSize(OtlpAttribute attribute) =>
        StringFieldSize(KeyValueFields.Key, attribute.Key) + FieldSize(KeyValueFields.Value, AnyValueSize(attribute.Value));

    private static int StringValueSize(string value) => StringFieldSize(AnyValueFields.StringValue, value);

    private static int AnyValueSize(OtlpValue value)
    {
        if (value.Strings is { } strings) return FieldSize(AnyValueFields.ArrayValue, StringArraySize(strings));
        var scalar = value.Scalar;
        return scalar.Kind switch
        {
            AttributeKind.String => StringValueSize(scalar.Text ?? ""),
            AttributeKind.Integer => ComputeTagSize(AnyValueFields.IntValue) + ComputeInt64Size(scalar.Integer),
            AttributeKind.Double => ComputeTagSize(AnyValueFields.DoubleValue) + ComputeDoubleSize(scalar.Number),
            _ => ComputeTagSize(AnyValueFields.BoolValue) + ComputeBoolSize(scalar.Integer != 0),
        };
    }

    private static void WriteAnyValue(CodedOutputStream output, OtlpValue value)
    {
        if (value.Strings is { } strings)
        {
            WriteMessageHeader(output, AnyValueFields.ArrayValue, StringArraySize(strings));
            foreach (var item in strings)
            {
                WriteMessageHeader(output, ArrayValueFields.Values, StringValueSize(item));
                WriteStringField(output, AnyValueFields.StringValue, item);
            }
            return;
        }
        var scalar = value.Scalar;
        switch (scalar.Kind)
        {
            case AttributeKind.String:
                WriteStringField(output, AnyValueFields.StringValue, scalar.Text ?? "");
                break;
            case AttributeKind.Integer:
                output.WriteTag(AnyValueFields.IntValue, WireFormat.WireType.Varint);
                output.WriteInt64(scalar.Integer);
                break;
            case AttributeKind.Double:
                output.WriteTag(AnyValueFields.DoubleValue, WireFormat.WireType.Fixed64);
                output.WriteDouble(scalar.Number);
                break;
            default:
                output.WriteTag(AnyValueFields.BoolValue, WireFormat.WireType.Varint);
                output.WriteBool(scalar.Integer != 0);
                break;
        }
    }

    private static int StringArraySize(string[] values)
    {
        int size = 0;
        foreach (var item in values) size += FieldSize(ArrayValueFields.Values, StringValueSize(item));
        return size;
    }

    // ---- primitives ----

    private static int FieldSize(int field, int messageSize) =>
        ComputeTagSize(field) + ComputeLengthSize(messageSize) + messageSize;

    private static void WriteMessageHeader(CodedOutputStream output, int field, int messageSize)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteLength(messageSize);
    }

    private static int StringFieldSize(int field, string value) => ComputeTagSize(field) + ComputeStringSize(value);

    private static void WriteStringField(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static int TraceIdFieldSize(int field) => ComputeTagSize(field) + ComputeLengthSize(16) + 16;
    private static int SpanIdFieldSize(int field) => ComputeTagSize(field) + ComputeLengthSize(8) + 8;

    // Ids are raw big-endian bytes. WriteFixed64 emits 8 bytes little-endian, so reversing the
    // byte order first puts them on the wire most significant byte first, with no allocation.
    private static void WriteTraceId(CodedOutputStream output, int field, TraceId id)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteLength(16);
        output.WriteFixed64(BinaryPrimitives.ReverseEndianness(id.High));
        output.WriteFixed64(BinaryPrimitives.ReverseEndianness(id.Low));
    }

    private static void WriteSpanId(CodedOutputStream output, int field, SpanId id)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteLength(8);
        output.WriteFixed64(BinaryPrimitives.ReverseEndianness(id.Value));
    }
}
