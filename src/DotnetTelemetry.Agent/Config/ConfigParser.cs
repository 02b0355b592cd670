using System.Globalization;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Agent.Config;

/// <summary>
/// Reads and validates the agent's environment variables. The first bad value gives the one message naming
/// the variable, its value and what was expected; the agent then stays off and the app runs on as if no agent
/// were there. Nothing here throws: this runs in the app's process, whose first-chance exception handlers would
/// see every exception, so a bad value is recorded (<see cref="Reader.Fail{T}"/>) and parsing goes on with the default.
/// </summary>
internal static class ConfigParser
{
    public const int MinRingSize = 1024;
    public const int MaxRingSize = 1 << 24;

    public static ConfigResult Parse(Func<string, string?> getVariable)
    {
        var reader = new Reader(getVariable);
        var config = ParseAll(reader);
        return reader.FirstError is { } error ? ConfigResult.Invalid(error) : ConfigResult.Ok(config);
    }

    public static ConfigResult FromEnvironment() => Parse(Environment.GetEnvironmentVariable);

    private static AgentConfig ParseAll(Reader env)
    {
        var defaults = new AgentConfig();
        bool enabled = env.Bool("DOTNET_TELEMETRY_ENABLED", true) && !env.Bool("OTEL_SDK_DISABLED", false);
        if (!enabled)
        {
            return defaults with { Enabled = false };
        }

        var (sampler, ratio) = ParseSampler(env);
        var outputs = ParseOutputs(env);
        var format = env.Get("DOTNET_TELEMETRY_FORMAT")?.ToLowerInvariant() switch
        {
            null or "v3" => OutputFormat.V3,
            "ecs" => OutputFormat.Ecs,
            _ => env.Fail("DOTNET_TELEMETRY_FORMAT", "is not 'v3' or 'ecs'", OutputFormat.V3),
        };

        return defaults with
        {
            ServiceName = env.Get("OTEL_SERVICE_NAME"),
            ResourceAttributes = ResourceAttributeParser.Parse(env.Get("OTEL_RESOURCE_ATTRIBUTES"),
                reason => env.Fail("OTEL_RESOURCE_ATTRIBUTES", reason, 0)),
            Sampler = sampler,
            SamplerRatio = ratio,
            Outputs = outputs,
            Format = format,
            FileMaxBytes = env.Size("DOTNET_TELEMETRY_FILE_MAX_SIZE", defaults.FileMaxBytes, min: 4096, max: 1L << 40),
            FileMaxFiles = (int)env.Integer("DOTNET_TELEMETRY_FILE_MAX_FILES", defaults.FileMaxFiles, min: 1, max: 1000),
            Include = ParseGlobs(env, "DOTNET_TELEMETRY_INCLUDE"),
            Exclude = ParseGlobs(env, "DOTNET_TELEMETRY_EXCLUDE"),
            SelfAttach = env.Bool("DOTNET_TELEMETRY_WEAVE", defaults.SelfAttach),
            CaptureHttp = env.Bool("DOTNET_TELEMETRY_CAPTURE_HTTP", defaults.CaptureHttp),
            CaptureHttpHeaders = env.Bool("DOTNET_TELEMETRY_CAPTURE_HEADERS", defaults.CaptureHttpHeaders),
            RedactedHeaders = ParseRedactedHeaders(env),
            RedactQuery = env.Bool("DOTNET_TELEMETRY_REDACT_QUERY", defaults.RedactQuery),
            CaptureExceptions = env.Bool("DOTNET_TELEMETRY_CAPTURE_EXCEPTIONS", defaults.CaptureExceptions),
            CaptureThrowStack = env.Bool("DOTNET_TELEMETRY_CAPTURE_THROW_STACK", defaults.CaptureThrowStack),
            RedactExceptionMessages = ParseMessageRedaction(env, defaults.RedactExceptionMessages),
            MaxMessageLength = (int)env.Integer("DOTNET_TELEMETRY_MAX_MESSAGE_LENGTH", defaults.MaxMessageLength, min: 16, max: 1 << 20),
            MaxStackTraceLength = (int)env.Integer("DOTNET_TELEMETRY_MAX_STACKTRACE_LENGTH", defaults.MaxStackTraceLength, min: 256, max: 1 << 24),
            RingSize = ParseRingSize(env, defaults.RingSize),
            Clock = ParseClock(env, defaults.Clock),
            StatusInterval = TimeSpan.FromSeconds(env.Integer("DOTNET_TELEMETRY_STATUS_INTERVAL", (long)defaults.StatusInterval.TotalSeconds, min: 0, max: 86400)),
            ExitFlushTimeout = TimeSpan.FromMilliseconds(env.Integer("DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS", (long)defaults.ExitFlushTimeout.TotalMilliseconds, min: 0, max: 30000)),
            Detection = ParseDetection(env, defaults.Detection),
        };
    }

    private static (SamplerKind, double) ParseSampler(Reader env)
    {
        var sampler = SamplerKind.ParentBasedAlwaysOn;
        if (env.Get("OTEL_TRACES_SAMPLER") is { } samplerName && !ProbeConfiguration.TryParseSampler(samplerName, out sampler))
        {
            sampler = env.Fail("OTEL_TRACES_SAMPLER",
                "is not one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio",
                SamplerKind.ParentBasedAlwaysOn);
        }
        double ratio = 1.0;
        string? argument = env.Get("OTEL_TRACES_SAMPLER_ARG");
        if (argument is not null && sampler is SamplerKind.TraceIdRatio or SamplerKind.ParentBasedTraceIdRatio)
        {
            if (!double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out ratio) || !(ratio >= 0 && ratio <= 1))
            {
                ratio = env.Fail("OTEL_TRACES_SAMPLER_ARG", "is not a number between 0 and 1", 1.0);
            }
        }
        return (sampler, ratio);
    }

    private static IReadOnlyList<OutputTarget> ParseOutputs(Reader env)
    {
        const string name = "DOTNET_TELEMETRY_OUTPUT";
        string? value = env.Get(name);
        if (value is null)
        {
            return new[] { OutputTarget.Stdout };
        }
        var targets = new List<OutputTarget>();
        foreach (string raw in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                string path = raw.Substring("file:".Length).Trim();
                if (path.Length == 0)
                {
                    env.Fail(name, "has 'file:' without a path", 0);
                    continue;
                }
                targets.Add(new OutputTarget(OutputKind.File, Path.GetFullPath(path)));
                continue;
            }
            switch (raw.ToLowerInvariant())
            {
                case "stdout": targets.Add(OutputTarget.Stdout); break;
                case "stderr": targets.Add(new OutputTarget(OutputKind.Stderr)); break;
                case "otlp": targets.Add(new OutputTarget(OutputKind.Otlp)); break;
                case "none": break;
                default: env.Fail(name, $"has unknown output '{raw}' (expected stdout, stderr, file:<path>, otlp or none, comma-separated)", 0); break;
            }
        }
        return targets.Distinct().ToArray();
    }

    private static IReadOnlyList<string> ParseGlobs(Reader env, string name)
    {
        string? value = env.Get(name);
        if (value is null)
        {
            return Array.Empty<string>();
        }
        var globs = value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (string glob in globs)
        {
            if (glob.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                env.Fail(name, $"has a pattern with whitespace ('{glob}'); separate patterns with ';'", 0);
            }
        }
        return globs;
    }

    private static IReadOnlyCollection<string> ParseRedactedHeaders(Reader env)
    {
        var headers = new HashSet<string>(AgentConfig.DefaultRedactedHeaders, StringComparer.OrdinalIgnoreCase);
        string? value = env.Get("DOTNET_TELEMETRY_REDACT_HEADERS");
        if (value is null)
        {
            return headers;
        }
        foreach (string header in value.Split(new[] { ',', ';' }, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!header.All(c => c > ' ' && c < 127 && c != ':'))
            {
                env.Fail("DOTNET_TELEMETRY_REDACT_HEADERS", $"has an invalid header name '{header}'", 0);
                continue;
            }
            headers.Add(header);
        }
        return headers;
    }

    private static MessageRedaction ParseMessageRedaction(Reader env, MessageRedaction fallback)
    {
        const string name = "DOTNET_TELEMETRY_REDACT_EXCEPTION_MESSAGES";
        return env.Get(name)?.Trim().ToLowerInvariant() switch
        {
            null => fallback,
            "secrets" => MessageRedaction.Secrets,
            "all" => MessageRedaction.All,
            "none" => MessageRedaction.None,
            _ => env.Fail(name, "is not secrets, all or none", fallback),
        };
    }

    private static ClockSource ParseClock(Reader env, ClockSource fallback)
    {
        const string name = "DOTNET_TELEMETRY_CLOCK";
        return env.Get(name)?.Trim().ToLowerInvariant() switch
        {
            null => fallback,
            "auto" => ClockSource.Automatic,
            "stopwatch" => ClockSource.Stopwatch,
            _ => env.Fail(name, "is not auto or stopwatch", fallback),
        };
    }

    private static int ParseRingSize(Reader env, int fallback)
    {
        const string name = "DOTNET_TELEMETRY_RING_SIZE";
        string? value = env.Get(name);
        if (value is null)
        {
            return fallback;
        }
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int size)
            || size < MinRingSize || size > MaxRingSize || (size & (size - 1)) != 0)
        {
            return env.Fail(name, $"is not a power of two between {MinRingSize} and {MaxRingSize}", fallback);
        }
        return size;
    }

    private static ResourceDetectionOptions ParseDetection(Reader env, ResourceDetectionOptions defaults) => defaults with
    {
        KubernetesNamespaceFile = env.Get("DOTNET_TELEMETRY_K8S_NAMESPACE_FILE") ?? defaults.KubernetesNamespaceFile,
        KubernetesLabelsFile = env.Get("DOTNET_TELEMETRY_K8S_LABELS_FILE") ?? defaults.KubernetesLabelsFile,
        CgroupRoot = env.Get("DOTNET_TELEMETRY_CGROUP_ROOT") ?? defaults.CgroupRoot,
        DmiDirectory = env.Get("DOTNET_TELEMETRY_DMI_DIR") ?? defaults.DmiDirectory,
        CloudDetection = env.Bool("DOTNET_TELEMETRY_CLOUD_DETECTION", defaults.CloudDetection),
        AwsMetadataEndpoint = env.HttpUri("DOTNET_TELEMETRY_AWS_METADATA_ENDPOINT", defaults.AwsMetadataEndpoint),
        GcpMetadataEndpoint = env.HttpUri("DOTNET_TELEMETRY_GCP_METADATA_ENDPOINT", defaults.GcpMetadataEndpoint),
        AzureMetadataEndpoint = env.HttpUri("DOTNET_TELEMETRY_AZURE_METADATA_ENDPOINT", defaults.AzureMetadataEndpoint),
        CloudTimeout = TimeSpan.FromMilliseconds(env.Integer("DOTNET_TELEMETRY_CLOUD_TIMEOUT_MS", (long)defaults.CloudTimeout.TotalMilliseconds, min: 10, max: 10000)),
    };

    /// <summary>Typed access to the variables; every failure names the variable and its value, and the first one is kept.</summary>
    private sealed class Reader(Func<string, string?> getVariable)
    {
        /// <summary>The message for the first bad value, or null while every value was good.</summary>
        public string? FirstError { get; private set; }
        /// <summary>The trimmed value, or null when unset or blank (blank means "use the default").</summary>
        public string? Get(string name)
        {
            string? value = getVariable(name)?.Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }

        /// <summary>Records a bad value (the first one is the message) and gives <paramref name="fallback"/> to carry on with.</summary>
        public T Fail<T>(string name, string reason, T fallback)
        {
            FirstError ??= $"{name}='{Printable(getVariable(name))}' {reason}";
            return fallback;
        }

        public bool Bool(string name, bool fallback) => Get(name)?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => Fail(name, "is not true or false", fallback),
        };

        public long Integer(string name, long fallback, long min, long max)
        {
            string? value = Get(name);
            if (value is null)
            {
                return fallback;
            }
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number) || number < min || number > max)
            {
                return Fail(name, $"is not a whole number between {min} and {max}", fallback);
            }
            return number;
        }

        /// <summary>A byte count with an optional K, M or G suffix (powers of 1024), e.g. 50M.</summary>
        public long Size(string name, long fallback, long min, long max)
        {
            string? value = Get(name);
            if (value is null)
            {
                return fallback;
            }
            string digits = value.TrimEnd('B', 'b');
            long multiplier = 1;
            if (digits.Length > 0 && char.ToUpperInvariant(digits[^1]) is 'K' or 'M' or 'G')
            {
                multiplier = char.ToUpperInvariant(digits[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
                digits = digits[..^1];
            }
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long number)
                || number > max / multiplier || number * multiplier < min)
            {
                return Fail(name, $"is not a size between {min} and {max} bytes (a number with an optional K, M or G suffix)", fallback);
            }
            return number * multiplier;
        }

        public Uri HttpUri(string name, Uri fallback)
        {
            string? value = Get(name);
            if (value is null)
            {
                return fallback;
            }
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return Fail(name, "is not an absolute http:// or https:// URL", fallback);
            }
            return uri;
        }

        private static string Printable(string? value)
        {
            value ??= "";
            value = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
            return value.Length <= 80 ? value : value[..77] + "...";
        }
    }
}

/// <summary>The outcome of parsing: a configuration, or the one line that explains why the agent stays off.</summary>
internal sealed record ConfigResult(AgentConfig? Config, string? Error)
{
    public static ConfigResult Ok(AgentConfig config) => new(config, null);

    public static ConfigResult Invalid(string reason) => new(null, reason);

    /// <summary>The line printed to stderr for an invalid configuration.</summary>
    /// <summary>The stderr line; a bad value is quoted, but never a URL's password (a metadata endpoint, an output).</summary>
    public string? ErrorLine => Error is null ? null : $"dotnet-telemetry: disabled: {DotnetTelemetry.Otlp.Redaction.UrlCredentials.Redact(Error)}";
}

