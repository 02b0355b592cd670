namespace DotnetTelemetry.Otlp.Wire;

// Field numbers of the opentelemetry-proto messages we write and read, as published in
// opentelemetry/proto/{common,resource,trace,logs,collector}/v1/*.proto.

internal static class AnyValueFields
{
    public const int StringValue = 1, BoolValue = 2, IntValue = 3, DoubleValue = 4, ArrayValue = 5;
}

internal static class ArrayValueFields
{
    public const int Values = 1;
}

internal static class KeyValueFields
{
    public const int Key = 1, Value = 2;
}

internal static class InstrumentationScopeFields
{
    public const int Name = 1, Version = 2;
}

internal static class ResourceFields
{
    public const int Attributes = 1;
}

internal static class ExportTraceServiceRequestFields
{
    public const int ResourceSpans = 1;
}

internal static class ResourceSpansFields
{
    public const int Resource = 1, ScopeSpans = 2, SchemaUrl = 3;
}

internal static class ScopeSpansFields
{
    public const int Scope = 1, Spans = 2, SchemaUrl = 3;
}

internal static class SpanFields
{
    public const int TraceId = 1, SpanId = 2, ParentSpanId = 4, Name = 5, Kind = 6,
        StartTimeUnixNano = 7, EndTimeUnixNano = 8, Attributes = 9, Events = 11, DroppedEventsCount = 12,
        Status = 15, Flags = 16;
}

internal static class SpanEventFields
{
    public const int TimeUnixNano = 1, Name = 2, Attributes = 3;
}

internal static class StatusFields
{
    public const int Message = 2, Code = 3;
}

internal static class ExportLogsServiceRequestFields
{
    public const int ResourceLogs = 1;
}

internal static class ResourceLogsFields
{
    public const int Resource = 1, ScopeLogs = 2, SchemaUrl = 3;
}

internal static class ScopeLogsFields
{
    public const int Scope = 1, LogRecords = 2, SchemaUrl = 3;
}

internal static class LogRecordFields
{
    public const int TimeUnixNano = 1, SeverityNumber = 2, SeverityText = 3, Body = 5, Attributes = 6,
        Flags = 8, TraceId = 9, SpanId = 10, ObservedTimeUnixNano = 11;
}

/// <summary>ExportTraceServiceResponse and ExportLogsServiceResponse share this shape.</summary>
internal static class ExportResponseFields
{
    public const int PartialSuccess = 1;
}

/// <summary>ExportTracePartialSuccess (rejected_spans) and ExportLogsPartialSuccess (rejected_log_records).</summary>
internal static class PartialSuccessFields
{
    public const int RejectedCount = 1, ErrorMessage = 2;
}
