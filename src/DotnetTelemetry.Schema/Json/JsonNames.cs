using System.Text.Json;

namespace DotnetTelemetry.Schema;

/// <summary>Every property name of telemetry v3, encoded once (the writer never re-encodes a name).</summary>
internal static class JsonNames
{
    public static readonly JsonEncodedText Schema = JsonEncodedText.Encode("schema");
    public static readonly JsonEncodedText Format = JsonEncodedText.Encode("format");
    public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    public static readonly JsonEncodedText TimestampNs = JsonEncodedText.Encode("timestamp_ns");
    public static readonly JsonEncodedText Sequence = JsonEncodedText.Encode("sequence");
    public static readonly JsonEncodedText EventType = JsonEncodedText.Encode("event_type");
    public static readonly JsonEncodedText Severity = JsonEncodedText.Encode("severity");
    public static readonly JsonEncodedText FunctionName = JsonEncodedText.Encode("function_name");
    public static readonly JsonEncodedText TraceId = JsonEncodedText.Encode("trace_id");
    public static readonly JsonEncodedText SpanId = JsonEncodedText.Encode("span_id");
    public static readonly JsonEncodedText ParentSpanId = JsonEncodedText.Encode("parent_span_id");
    public static readonly JsonEncodedText TraceFlags = JsonEncodedText.Encode("trace_flags");
    public static readonly JsonEncodedText SampleRate = JsonEncodedText.Encode("sample_rate");
    public static readonly JsonEncodedText DurationNs = JsonEncodedText.Encode("duration_ns");
    public static readonly JsonEncodedText DurationMs = JsonEncodedText.Encode("duration_ms");
    public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    public static readonly JsonEncodedText Event = JsonEncodedText.Encode("event");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText Category = JsonEncodedText.Encode("category");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Attributes = JsonEncodedText.Encode("attributes");
    public static readonly JsonEncodedText CorrelationId = JsonEncodedText.Encode("correlation_id");
    public static readonly JsonEncodedText ParentCorrelationId = JsonEncodedText.Encode("parent_correlation_id");
    public static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    public static readonly JsonEncodedText Stacktrace = JsonEncodedText.Encode("stacktrace");
    public static readonly JsonEncodedText Http = JsonEncodedText.Encode("http");
    public static readonly JsonEncodedText Request = JsonEncodedText.Encode("request");
    public static readonly JsonEncodedText Response = JsonEncodedText.Encode("response");
    public static readonly JsonEncodedText Method = JsonEncodedText.Encode("method");
    public static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
    public static readonly JsonEncodedText Headers = JsonEncodedText.Encode("headers");
    public static readonly JsonEncodedText BodyBytes = JsonEncodedText.Encode("body_bytes");
    public static readonly JsonEncodedText UserAgent = JsonEncodedText.Encode("user_agent");
    public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    public static readonly JsonEncodedText StatusCode = JsonEncodedText.Encode("status_code");
    public static readonly JsonEncodedText ContentType = JsonEncodedText.Encode("content_type");

    // Attributes the writer derives from event fields.
    public static readonly JsonEncodedText CodeFilePath = JsonEncodedText.Encode("code.file.path");
    public static readonly JsonEncodedText CodeLineNumber = JsonEncodedText.Encode("code.line.number");
    public static readonly JsonEncodedText ThreadId = JsonEncodedText.Encode("thread.id");

    // Per-process blocks.
    public static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
    public static readonly JsonEncodedText Namespace = JsonEncodedText.Encode("namespace");
    public static readonly JsonEncodedText InstanceId = JsonEncodedText.Encode("instance_id");
    public static readonly JsonEncodedText Host = JsonEncodedText.Encode("host");
    public static readonly JsonEncodedText Ip = JsonEncodedText.Encode("ip");
    public static readonly JsonEncodedText PublicIp = JsonEncodedText.Encode("public_ip");
    public static readonly JsonEncodedText Cloud = JsonEncodedText.Encode("cloud");
    public static readonly JsonEncodedText Provider = JsonEncodedText.Encode("provider");
    public static readonly JsonEncodedText Platform = JsonEncodedText.Encode("platform");
    public static readonly JsonEncodedText Region = JsonEncodedText.Encode("region");
    public static readonly JsonEncodedText AvailabilityZone = JsonEncodedText.Encode("availability_zone");
    public static readonly JsonEncodedText AccountId = JsonEncodedText.Encode("account_id");
    public static readonly JsonEncodedText MachineType = JsonEncodedText.Encode("machine_type");
    public static readonly JsonEncodedText K8s = JsonEncodedText.Encode("k8s");
    public static readonly JsonEncodedText ClusterName = JsonEncodedText.Encode("cluster_name");
    public static readonly JsonEncodedText NamespaceName = JsonEncodedText.Encode("namespace_name");
    public static readonly JsonEncodedText PodName = JsonEncodedText.Encode("pod_name");
    public static readonly JsonEncodedText PodUid = JsonEncodedText.Encode("pod_uid");
    public static readonly JsonEncodedText PodLabels = JsonEncodedText.Encode("pod_labels");
    public static readonly JsonEncodedText DeploymentName = JsonEncodedText.Encode("deployment_name");
    public static readonly JsonEncodedText ServiceAccountName = JsonEncodedText.Encode("service_account_name");
    public static readonly JsonEncodedText NodeName = JsonEncodedText.Encode("node_name");
    public static readonly JsonEncodedText ContainerName = JsonEncodedText.Encode("container_name");
    public static readonly JsonEncodedText CpuRequest = JsonEncodedText.Encode("cpu_request");
    public static readonly JsonEncodedText CpuLimit = JsonEncodedText.Encode("cpu_limit");
    public static readonly JsonEncodedText MemoryRequest = JsonEncodedText.Encode("memory_request");
    public static readonly JsonEncodedText MemoryLimit = JsonEncodedText.Encode("memory_limit");
    public static readonly JsonEncodedText Resource = JsonEncodedText.Encode("resource");
    public static readonly JsonEncodedText RuntimeName = JsonEncodedText.Encode("runtime_name");
    public static readonly JsonEncodedText RuntimeVersion = JsonEncodedText.Encode("runtime_version");
    public static readonly JsonEncodedText OsType = JsonEncodedText.Encode("os_type");
    public static readonly JsonEncodedText TelemetrySdkName = JsonEncodedText.Encode("telemetry_sdk_name");
    public static readonly JsonEncodedText TelemetrySdkVersion = JsonEncodedText.Encode("telemetry_sdk_version");
    public static readonly JsonEncodedText Process = JsonEncodedText.Encode("process");
    public static readonly JsonEncodedText Pid = JsonEncodedText.Encode("pid");
    public static readonly JsonEncodedText Executable = JsonEncodedText.Encode("executable");
    public static readonly JsonEncodedText CommandLine = JsonEncodedText.Encode("command_line");
    public static readonly JsonEncodedText Environment = JsonEncodedText.Encode("environment");
}
