using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DotnetTelemetry.Otlp.Mapping;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp.Ecs;

/// <summary>
/// One ECS document per event (nested objects, as Elasticsearch and Filebeat expect), with ECS
/// categorisation, trace correlation (trace.id, span.id) and, when enabled, Datadog's dd.* fields.
/// Free-form event attributes go to <c>labels</c> (dots in their names become underscores).
/// </summary>
public sealed class EcsFormatter : IEventFormatter
{
    private readonly EcsOptions _options;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public EcsFormatter(EcsOptions? options = null)
    {
        _options = options ?? new EcsOptions();
        _writer = new Utf8JsonWriter(_buffer);
    }

    public string Name => "ecs";

    /// <summary>One ECS document as one line ending in '\n'; valid until the next call.</summary>
    public ReadOnlySpan<byte> Format(TelemetryEvent e)
    {
        _buffer.Clear();
        _writer.Reset(_buffer);
        try
        {
            WriteDocument(_writer, e);
        }
        finally
        {
            _writer.Flush();
        }
        _buffer.Write("\n"u8);
        return _buffer.WrittenSpan;
    }

    private void WriteDocument(Utf8JsonWriter writer, TelemetryEvent e)
    {
        writer.WriteStartObject();
        writer.WriteString("@timestamp", Timestamp(e.TimestampUnixNanos));
        WriteLog(writer, e);
        writer.WriteString("message", MessageOf(e));
        writer.WriteStartObject("ecs");
        writer.WriteString("version", EcsOptions.EcsVersion);
        writer.WriteEndObject();
        WriteEvent(writer, e);
        WriteTrace(writer, e);
        WriteError(writer, e.Error);
        WriteHttp(writer, e);
        WriteResource(writer, e.Resource);
        WriteProcess(writer, e);
        WriteLabels(writer, e);
        if (_options.DatadogCorrelation) WriteDatadog(writer, e);
        writer.WriteEndObject();
    }

    private static string Timestamp(long unixNanos) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixNanos / 1_000_000).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteLog(Utf8JsonWriter writer, TelemetryEvent e)
    {
        writer.WriteStartObject("log");
        writer.WriteString("level", LevelOf(e.Severity));
        if (!string.IsNullOrEmpty(e.FunctionName) || !string.IsNullOrEmpty(e.SourceFile))
        {
            writer.WriteStartObject("origin");
            if (!string.IsNullOrEmpty(e.FunctionName)) writer.WriteString("function", e.FunctionName);
            if (!string.IsNullOrEmpty(e.SourceFile))
            {
                writer.WriteStartObject("file");
                writer.WriteString("name", e.SourceFile);
                if (e.SourceLine > 0) writer.WriteNumber("line", e.SourceLine);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static string LevelOf(Severity severity) => severity switch
    {
        Severity.Trace => "trace",
        Severity.Debug => "debug",
        Severity.Warn => "warn",
        Severity.Error => "error",
        _ => "info",
    };

    /// <summary>The event's message, or a short human line built from what it carries.</summary>
    private static string MessageOf(TelemetryEvent e)
    {
        if (!string.IsNullOrEmpty(e.Message)) return e.Message;
        var action = e.EventType.ToWireName();
        if (e.Error is { } error) return $"{action} {error.Type}: {error.Message}".TrimEnd(' ', ':');
        if (e.HttpRequest is { } request)
        {
            var status = e.HttpResponse is { } response ? " " + response.StatusCode.ToString(CultureInfo.InvariantCulture) : "";
            return $"{action} {request.Method} {request.Url}{status}";
        }
        if (e.HttpResponse is { } onlyResponse) return $"{action} {onlyResponse.StatusCode}";
        return string.IsNullOrEmpty(e.FunctionName) ? action : $"{action} {e.FunctionName}";
    }

    private static void WriteEvent(Utf8JsonWriter writer, TelemetryEvent e)
    {
        var categorization = EcsCategorization.Of(e);
        writer.WriteStartObject("event");
        writer.WriteString("kind", "event");
        writer.WriteStartArray("category");
        writer.WriteStringValue(categorization.Category);
        writer.WriteEndArray();
        writer.WriteStartArray("type");
        writer.WriteStringValue(categorization.Type);
        if (categorization.ExtraType is { } extra) writer.WriteStringValue(extra);
        writer.WriteEndArray();
        writer.WriteString("action", e.EventType.ToWireName());
        if (e.DurationNanos is { } duration) writer.WriteNumber("duration", duration);
        if (categorization.Outcome is { } outcome) writer.WriteString("outcome", outcome);
        writer.WriteNumber("sequence", e.Sequence);
        writer.WriteEndObject();
    }

    private static void WriteTrace(Utf8JsonWriter writer, TelemetryEvent e)
    {
        if (!e.TraceId.IsEmpty)
        {
            writer.WriteStartObject("trace");
            writer.WriteString("id", e.TraceId.ToString());
            writer.WriteEndObject();
        }
        if (!e.SpanId.IsEmpty)
        {
            writer.WriteStartObject("span");
            writer.WriteString("id", e.SpanId.ToString());
            writer.WriteEndObject();
        }
    }

    private static void WriteError(Utf8JsonWriter writer, ErrorInfo? error)
    {
        if (error is null) return;
        writer.WriteStartObject("error");
        writer.WriteString("type", error.Type);
        if (error.Message is not null) writer.WriteString("message", error.Message);
        if (error.StackTrace is not null) writer.WriteString("stack_trace", error.StackTrace);
        writer.WriteEndObject();
    }

    private static void WriteHttp(Utf8JsonWriter writer, TelemetryEvent e)
    {
        var request = e.HttpRequest;
        var response = e.HttpResponse;
        if (request is null && response is null) return;
        writer.WriteStartObject("http");
        if (request is not null)
        {
            writer.WriteStartObject("request");
            writer.WriteString("method", request.Method);
            WriteBodyBytes(writer, request.BodyBytes);
            writer.WriteEndObject();
        }
        if (response is not null)
        {
            writer.WriteStartObject("response");
            writer.WriteNumber("status_code", response.StatusCode);
            WriteBodyBytes(writer, response.BodyBytes);
            if (!string.IsNullOrEmpty(response.ContentType)) writer.WriteString("mime_type", response.ContentType);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        if (!string.IsNullOrEmpty(request?.Url))
        {
            writer.WriteStartObject("url");
            writer.WriteString("full", request.Url);
            writer.WriteEndObject();
        }
        if (!string.IsNullOrEmpty(request?.UserAgent))
        {
            writer.WriteStartObject("user_agent");
            writer.WriteString("original", request.UserAgent);
            writer.WriteEndObject();
        }
    }

    private static void WriteBodyBytes(Utf8JsonWriter writer, long? bytes)
    {
        if (bytes is not { } value) return;
        writer.WriteStartObject("body");
        writer.WriteNumber("bytes", value);
        writer.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter writer, ResourceInfo? resource)
    {
        if (resource is null) return;
        var service = resource.Service;
        writer.WriteStartObject("service");
        writer.WriteString("name", service.Name);
        WriteIfPresent(writer, "version", service.Version);
        WriteIfPresent(writer, "environment", resource.Environment);
        if (!string.IsNullOrEmpty(service.InstanceId))
        {
            writer.WriteStartObject("node");
            writer.WriteString("name", service.InstanceId);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();

        var host = resource.Host;
        writer.WriteStartObject("host");
        WriteIfPresent(writer, "name", host.Name);
        var ips = new[] { host.Ip, host.PublicIp }.Where(ip => System.Net.IPAddress.TryParse(ip, out _)).Distinct().ToArray();
        if (ips.Length > 0)
        {
            writer.WriteStartArray("ip");
            foreach (var ip in ips) writer.WriteStringValue(ip);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();

        if (resource.Cloud is { } cloud) WriteCloud(writer, cloud);
        if (resource.Kubernetes is { } k8s) WriteOrchestrator(writer, k8s);
    }

    private static void WriteCloud(Utf8JsonWriter writer, CloudInfo cloud)
    {
        writer.WriteStartObject("cloud");
        WriteIfPresent(writer, "provider", cloud.Provider);
        WriteIfPresent(writer, "region", cloud.Region);
        WriteIfPresent(writer, "availability_zone", cloud.AvailabilityZone);
        WriteNamed(writer, "account", "id", cloud.AccountId);
        WriteNamed(writer, "instance", "id", cloud.InstanceId);
        WriteNamed(writer, "machine", "type", cloud.MachineType);
        WriteNamed(writer, "service", "name", cloud.Platform);
        writer.WriteEndObject();
    }

    private static void WriteOrchestrator(Utf8JsonWriter writer, KubernetesInfo k8s)
    {
        writer.WriteStartObject("orchestrator");
        writer.WriteString("type", "kubernetes");
        WriteNamed(writer, "cluster", "name", k8s.ClusterName);
        WriteIfPresent(writer, "namespace", k8s.NamespaceName);
        if (!string.IsNullOrEmpty(k8s.PodName) || !string.IsNullOrEmpty(k8s.PodUid))
        {
            writer.WriteStartObject("resource");
            writer.WriteString("type", "pod");
            WriteIfPresent(writer, "name", k8s.PodName);
            WriteIfPresent(writer, "id", k8s.PodUid);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        if (!string.IsNullOrEmpty(k8s.ContainerName)) WriteNamed(writer, "container", "name", k8s.ContainerName);
    }

    private static void WriteProcess(Utf8JsonWriter writer, TelemetryEvent e)
    {
        var process = e.Resource?.Process;
        if (process is null && e.ThreadId == 0) return;
        writer.WriteStartObject("process");
        if (process is not null)
        {
            if (process.Pid > 0) writer.WriteNumber("pid", process.Pid);
            WriteIfPresent(writer, "executable", process.Executable);
            WriteIfPresent(writer, "command_line", process.CommandLine);
        }
        if (e.ThreadId != 0)
        {
            writer.WriteStartObject("thread");
            writer.WriteNumber("id", e.ThreadId);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>ECS labels are flat keyword pairs: names without dots, values as strings.</summary>
    private static void WriteLabels(Utf8JsonWriter writer, TelemetryEvent e)
    {
        if (e.Attributes.Count == 0) return;
        writer.WriteStartObject("labels");
        var written = new HashSet<string>();
        foreach (var (key, value) in e.Attributes)
        {
            if (string.IsNullOrEmpty(key)) continue;
            var name = key.Replace('.', '_');
            if (written.Add(name)) writer.WriteString(name, LabelValue(value));
        }
        writer.WriteEndObject();
    }

    private static string LabelValue(AttributeValue value) => value.Kind switch
    {
        AttributeKind.String => value.Text ?? "",
        AttributeKind.Integer => value.Integer.ToString(CultureInfo.InvariantCulture),
        AttributeKind.Double => value.Number.ToString("R", CultureInfo.InvariantCulture),
        _ => value.Integer != 0 ? "true" : "false",
    };

    /// <summary>Datadog log correlation: ids as the decimal of their low 64 bits, as Datadog's tracers write them.</summary>
    private void WriteDatadog(Utf8JsonWriter writer, TelemetryEvent e)
    {
        writer.WriteStartObject("dd");
        if (!e.TraceId.IsEmpty) writer.WriteString("trace_id", e.TraceId.Low.ToString(CultureInfo.InvariantCulture));
        if (!e.SpanId.IsEmpty) writer.WriteString("span_id", e.SpanId.Value.ToString(CultureInfo.InvariantCulture));
        WriteIfPresent(writer, "service", _options.DatadogService ?? e.Resource?.Service.Name);
        WriteIfPresent(writer, "env", _options.DatadogEnv ?? e.Resource?.Environment);
        WriteIfPresent(writer, "version", _options.DatadogVersion ?? e.Resource?.Service.Version);
        writer.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) writer.WriteString(name, value);
    }

    /// <summary>Writes <c>"outer": {"inner": value}</c> when the value is present.</summary>
    private static void WriteNamed(Utf8JsonWriter writer, string outer, string inner, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        writer.WriteStartObject(outer);
        writer.WriteString(inner, value);
        writer.WriteEndObject();
    }
}
