using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DotnetTelemetry.Otlp.Model;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp.Wire;

/// <summary>
/// Writes the OTLP/JSON encoding (the protobuf JSON mapping with OTLP's own rules): lowerCamelCase
/// field names, trace/span ids as lowercase hex (not base64), 64-bit integers as decimal strings,
/// enums as integers.
/// </summary>
internal static class JsonEncoder
{
    public static byte[] EncodeTraces(ExportBatch batch) => Encode(batch, WriteTraces);

    public static byte[] EncodeLogs(ExportBatch batch) => Encode(batch, WriteLogs);

    private static byte[] Encode(ExportBatch batch, Action<Utf8JsonWriter, ExportBatch> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, batch);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteTraces(Utf8JsonWriter writer, ExportBatch batch)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("resourceSpans");
        writer.WriteStartObject();
        WriteResource(writer, batch.Resource);
        writer.WriteStartArray("scopeSpans");
        writer.WriteStartObject();
        WriteScope(writer, batch.Resource);
        writer.WriteStartArray("spans");
        foreach (var span in batch.Spans) WriteSpan(writer, span);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter writer, OtlpSpan span)
    {
        writer.WriteStartObject();
        writer.WriteString("traceId", span.TraceId.ToString());
        writer.WriteString("spanId", span.SpanId.ToString());
        if (!span.ParentSpanId.IsEmpty) writer.WriteString("parentSpanId", span.ParentSpanId.ToString());
        writer.WriteNumber("flags", span.TraceFlags);
        writer.WriteString("name", span.Name);
        writer.WriteNumber("kind", (int)span.Kind);
        WriteUInt64String(writer, "startTimeUnixNano", span.StartUnixNanos);
        WriteUInt64String(writer, "endTimeUnixNano", span.EndUnixNanos);
        WriteAttributes(writer, span.Attributes);
        writer.WriteStartArray("events");
        foreach (var spanEvent in span.Events)
        {
            writer.WriteStartObject();
            WriteUInt64String(writer, "timeUnixNano", spanEvent.TimeUnixNanos);
            writer.WriteString("name", spanEvent.Name);
            WriteAttributes(writer, spanEvent.Attributes);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (span.DroppedEvents > 0) writer.WriteNumber("droppedEventsCount", span.DroppedEvents);
        writer.WriteStartObject("status");
        if (!string.IsNullOrEmpty(span.StatusMessage)) writer.WriteString("message", span.StatusMessage);
        if (span.StatusCode != OtlpStatusCode.Unset) writer.WriteNumber("code", (int)span.StatusCode);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteLogs(Utf8JsonWriter writer, ExportBatch batch)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("resourceLogs");
        writer.WriteStartObject();
        WriteResource(writer, batch.Resource);
        writer.WriteStartArray("scopeLogs");
        writer.WriteStartObject();
        WriteScope(writer, batch.Resource);
        writer.WriteStartArray("logRecords");
        foreach (var log in batch.Logs) WriteLogRecord(writer, log);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteLogRecord(Utf8JsonWriter writer, OtlpLogRecord log)
    {
        writer.WriteStartObject();
        WriteUInt64String(writer, "timeUnixNano", log.TimeUnixNanos);
        WriteUInt64String(writer, "observedTimeUnixNano", log.ObservedUnixNanos);
        writer.WriteNumber("severityNumber", log.SeverityNumber);
        if (log.SeverityText is not null) writer.WriteString("severityText", log.SeverityText);
        if (log.Body is not null)
        {
            writer.WriteStartObject("body");
            writer.WriteString("stringValue", log.Body);
            writer.WriteEndObject();
        }
        WriteAttributes(writer, log.Attributes);
        writer.WriteNumber("flags", log.TraceFlags);
        if (!log.TraceId.IsEmpty) writer.WriteString("traceId", log.TraceId.ToString());
        if (!log.SpanId.IsEmpty) writer.WriteString("spanId", log.SpanId.ToString());
        writer.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter writer, ResourceSnapshot resource)
    {
        writer.WriteStartObject("resource");
        WriteAttributes(writer, resource.Attributes);
        writer.WriteEndObject();
    }

    private static void WriteScope(Utf8JsonWriter writer, ResourceSnapshot resource)
    {
        writer.WriteStartObject("scope");
        writer.WriteString("name", resource.ScopeName);
        writer.WriteString("version", resource.ScopeVersion);
        writer.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter writer, OtlpAttributes attributes)
    {
        writer.WriteStartArray("attributes");
        foreach (var attribute in attributes)
        {
            writer.WriteStartObject();
            writer.WriteString("key", attribute.Key);
            writer.WritePropertyName("value");
            WriteAnyValue(writer, attribute.Value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteAnyValue(Utf8JsonWriter writer, OtlpValue value)
    {
        writer.WriteStartObject();
        if (value.Strings is { } strings)
        {
            writer.WriteStartObject("arrayValue");
            writer.WriteStartArray("values");
            foreach (var item in strings)
            {
                writer.WriteStartObject();
                writer.WriteString("stringValue", item);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        else
        {
            var scalar = value.Scalar;
            switch (scalar.Kind)
            {
                case AttributeKind.String:
                    writer.WriteString("stringValue", scalar.Text ?? "");
                    break;
                case AttributeKind.Integer:
                    writer.WriteString("intValue", scalar.Integer.ToString(CultureInfo.InvariantCulture));
                    break;
                case AttributeKind.Double:
                    WriteDouble(writer, scalar.Number);
                    break;
                default:
                    writer.WriteBoolean("boolValue", scalar.Integer != 0);
                    break;
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>The protobuf JSON mapping writes NaN and the infinities as strings.</summary>
    private static void WriteDouble(Utf8JsonWriter writer, double number)
    {
        if (double.IsNaN(number)) writer.WriteString("doubleValue", "NaN");
        else if (double.IsPositiveInfinity(number)) writer.WriteString("doubleValue", "Infinity");
        else if (double.IsNegativeInfinity(number)) writer.WriteString("doubleValue", "-Infinity");
        else writer.WriteNumber("doubleValue", number);
    }

    /// <summary>fixed64 timestamps: decimal strings, as unsigned.</summary>
    private static void WriteUInt64String(Utf8JsonWriter writer, string name, long value) =>
        writer.WriteString(name, ((ulong)value).ToString(CultureInfo.InvariantCulture));
}
