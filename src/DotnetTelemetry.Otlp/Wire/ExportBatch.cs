using DotnetTelemetry.Otlp.Model;

namespace DotnetTelemetry.Otlp.Wire;

/// <summary>
/// What one export request carries: the resource and scope (shared by the whole process) and either
/// spans or log records. One batch holds one signal, because traces and logs go to different URLs.
/// </summary>
internal sealed class ExportBatch
{
    public ExportBatch(ResourceSnapshot resource, IReadOnlyList<OtlpSpan> spans, IReadOnlyList<OtlpLogRecord> logs)
    {
        Resource = resource;
        Spans = spans;
        Logs = logs;
    }

    public ResourceSnapshot Resource { get; }
    public IReadOnlyList<OtlpSpan> Spans { get; }
    public IReadOnlyList<OtlpLogRecord> Logs { get; }
    public int Count => Spans.Count + Logs.Count;
}

/// <summary>The resource attributes and instrumentation scope, built once per process.</summary>
internal sealed class ResourceSnapshot
{
    public ResourceSnapshot(OtlpAttributes attributes, string scopeName, string scopeVersion)
    {
        Attributes = attributes;
        ScopeName = scopeName;
        ScopeVersion = scopeVersion;
    }

    public OtlpAttributes Attributes { get; }
    public string ScopeName { get; }
    public string ScopeVersion { get; }
}
