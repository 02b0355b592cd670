namespace DotnetTelemetry.Otlp.Mapping;

/// <summary>
/// Attribute names from the current stable OpenTelemetry semantic conventions (never the deprecated
/// ones such as <c>http.method</c>, <c>code.function</c> or <c>deployment.environment</c>).
/// </summary>
internal static class SemanticConventions
{
    public const string CodeFunctionName = "code.function.name";
    public const string CodeFilePath = "code.file.path";
    public const string CodeLineNumber = "code.line.number";
    public const string ThreadId = "thread.id";

    public const string ExceptionEventName = "exception";
    public const string ExceptionType = "exception.type";
    public const string ExceptionMessage = "exception.message";
    public const string ExceptionStacktrace = "exception.stacktrace";
    public const string ErrorType = "error.type";

    public const string HttpRequestMethod = "http.request.method";
    public const string HttpResponseStatusCode = "http.response.status_code";
    public const string HttpRequestBodySize = "http.request.body.size";
    public const string HttpResponseBodySize = "http.response.body.size";
    public const string UrlFull = "url.full";
    public const string UrlScheme = "url.scheme";
    public const string UrlPath = "url.path";
    public const string UrlQuery = "url.query";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string UserAgentOriginal = "user_agent.original";

    public const string ServiceName = "service.name";
    public const string ServiceVersion = "service.version";
    public const string ServiceNamespace = "service.namespace";
    public const string ServiceInstanceId = "service.instance.id";
    public const string DeploymentEnvironmentName = "deployment.environment.name";
    public const string HostName = "host.name";
    public const string HostIp = "host.ip";
    public const string HostId = "host.id";
    public const string HostType = "host.type";
    public const string ProcessPid = "process.pid";
    public const string ProcessExecutablePath = "process.executable.path";
    public const string ProcessCommandLine = "process.command_line";
    public const string ProcessRuntimeName = "process.runtime.name";
    public const string ProcessRuntimeVersion = "process.runtime.version";
    public const string OsType = "os.type";
    public const string CloudProvider = "cloud.provider";
    public const string CloudPlatform = "cloud.platform";
    public const string CloudRegion = "cloud.region";
    public const string CloudAvailabilityZone = "cloud.availability_zone";
    public const string CloudAccountId = "cloud.account.id";
    public const string K8sClusterName = "k8s.cluster.name";
    public const string K8sNamespaceName = "k8s.namespace.name";
    public const string K8sPodName = "k8s.pod.name";
    public const string K8sPodUid = "k8s.pod.uid";
    public const string K8sPodLabelPrefix = "k8s.pod.label.";
    public const string K8sDeploymentName = "k8s.deployment.name";
    public const string K8sNodeName = "k8s.node.name";
    public const string K8sContainerName = "k8s.container.name";
    public const string TelemetrySdkName = "telemetry.sdk.name";
    public const string TelemetrySdkVersion = "telemetry.sdk.version";
    public const string TelemetrySdkLanguage = "telemetry.sdk.language";

    /// <summary>Our own attribute (not semconv): the span was still open when the exporter shut down.</summary>
    public const string SpanUnfinished = "dotnet_telemetry.span.unfinished";
    /// <summary>Our own attribute on log records made from non-span events: the original event_type.</summary>
    public const string EventTypeAttribute = "dotnet_telemetry.event_type";
}
