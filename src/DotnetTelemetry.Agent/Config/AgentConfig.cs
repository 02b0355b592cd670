using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Agent.Config;

/// <summary>
/// Everything the agent reads from the environment, already validated. Built once at startup by
/// <see cref="ConfigParser"/>; immutable afterwards. Defaults are the values a user gets with no variable set.
/// </summary>
internal sealed record AgentConfig
{
    public bool Enabled { get; init; } = true;

    // --- OpenTelemetry names ---
    public string? ServiceName { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> ResourceAttributes { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    public SamplerKind Sampler { get; init; } = SamplerKind.ParentBasedAlwaysOn;
    public double SamplerRatio { get; init; } = 1.0;

    // --- Output ---
    public IReadOnlyList<OutputTarget> Outputs { get; init; } = new[] { OutputTarget.Stdout };
    public OutputFormat Format { get; init; } = OutputFormat.V3;
    public long FileMaxBytes { get; init; } = 100L * 1024 * 1024;
    public int FileMaxFiles { get; init; } = 5;

    // --- Method selection (handed to the weaver) ---
    public IReadOnlyList<string> Include { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> Exclude { get; init; } = Array.Empty<string>();
    /// <summary>
    /// <c>DOTNET_TELEMETRY_WEAVE</c>: with the startup hook alone (no CORECLR_PROFILER naming the shim), attach the
    /// shim to this process and weave at load time. Off: runtime events only, as with the hook before self-attach.
    /// </summary>
    public bool SelfAttach { get; init; } = true;

    // --- Capture ---
    public bool CaptureHttp { get; init; } = true;
    public bool CaptureHttpHeaders { get; init; } = true;
    public IReadOnlyCollection<string> RedactedHeaders { get; init; } = DefaultRedactedHeaders;
    public bool RedactQuery { get; init; } = true;
    public bool CaptureExceptions { get; init; } = true;
    /// <summary>Walk the whole call stack at each throw (costly); off: the exception's own stack trace.</summary>
    public bool CaptureThrowStack { get; init; }
    /// <summary>What of <c>error.message</c> is masked (<c>DOTNET_TELEMETRY_REDACT_EXCEPTION_MESSAGES</c>).</summary>
    public MessageRedaction RedactExceptionMessages { get; init; } = MessageRedaction.Secrets;
    public int MaxMessageLength { get; init; } = 1024;
    public int MaxStackTraceLength { get; init; } = 16 * 1024;

    // --- Agent internals ---
    public int RingSize { get; init; } = 65536;
    /// <summary>Where the probes' timestamps come from (<c>DOTNET_TELEMETRY_CLOCK</c>: auto or stopwatch).</summary>
    public ClockSource Clock { get; init; } = ClockSource.Automatic;
    /// <summary>Zero: no status events.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan ExitFlushTimeout { get; init; } = TimeSpan.FromSeconds(2);

    // --- Resource detection (paths and endpoints are configurable so tests use temp files and loopback fakes) ---
    public ResourceDetectionOptions Detection { get; init; } = new();

    /// <summary>Header names redacted whatever the configuration says (compared case-insensitively).</summary>
    public static readonly IReadOnlyCollection<string> DefaultRedactedHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "Api-Key", "X-Auth-Token", "X-Amz-Security-Token",
    };
}

internal enum OutputFormat
{
    V3,
    Ecs,
}

/// <summary>How exception messages are redacted before they leave the process.</summary>
internal enum MessageRedaction
{
    /// <summary>Secret-looking parts masked (connection-string passwords, URL credentials, secret query values, bearer tokens).</summary>
    Secrets,
    /// <summary>The whole message replaced: only the type and stack trace remain.</summary>
    All,
    /// <summary>Verbatim.</summary>
    None,
}

internal enum OutputKind
{
    Stdout,
    Stderr,
    File,
    Otlp,
}

/// <summary>One entry of <c>DOTNET_TELEMETRY_OUTPUT</c>.</summary>
internal sealed record OutputTarget(OutputKind Kind, string? Path = null)
{
    public static readonly OutputTarget Stdout = new(OutputKind.Stdout);

    public override string ToString() => Kind == OutputKind.File ? $"file:{Path}" : Kind.ToString().ToLowerInvariant();
}

/// <summary>Where resource detection looks. Every path and endpoint can be moved by an environment variable.</summary>
internal sealed record ResourceDetectionOptions
{
    public string KubernetesNamespaceFile { get; init; } = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
    public string KubernetesLabelsFile { get; init; } = "/etc/podinfo/labels";
    public string CgroupRoot { get; init; } = "/sys/fs/cgroup";
    public string DmiDirectory { get; init; } = "/sys/class/dmi/id";
    public bool CloudDetection { get; init; } = true;
    public Uri AwsMetadataEndpoint { get; init; } = new("http://169.254.169.254/");
    public Uri GcpMetadataEndpoint { get; init; } = new("http://metadata.google.internal/");
    public Uri AzureMetadataEndpoint { get; init; } = new("http://169.254.169.254/");
    public TimeSpan CloudTimeout { get; init; } = TimeSpan.FromMilliseconds(500);
}
