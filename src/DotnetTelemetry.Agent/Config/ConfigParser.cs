using System.Globalization;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Agent.Config;

/// <summary>
/// Reads and validates the agent's environment variables. The first bad value stops parsing with one
/// message naming the variable, its value and what was expected; the agent then stays off and the app
/// runs on as if no agent were there.
/// </summary>
internal static class ConfigParser
{
    public const int MinRingSize = 1024;
    public const int MaxRingSize = 1 << 24;

    public static ConfigResult Parse(Func<string, string?> getVariable)
    {
        try
        {
            return ConfigResult.Ok(ParseOrThrow(new Reader(getVariable)));
        }
        catch (ConfigException e)
        {
            return ConfigResult.Invalid(e.Message);
        }
    }

    public static ConfigResult FromEnvironment() => Parse(Environment.GetEnvironmentVariable);

    private static AgentConfig ParseOrThrow(Reader env)
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
            _ => throw env.Bad("DOTNET_TELEMETRY_FORMAT", "is not 'v3' or 'ecs'"),
        };

        return defaults with
        {
            ServiceName = env.Get("OTEL_SERVICE_NAME"),
            ResourceAttributes = ResourceAttributeParser.Parse(env.Get("OTEL_RESOURCE_ATTRIBUTES"),
                reason => env.Bad("OTEL_RESOURCE_ATTRIBUTES", reason)),
            Sampler = sampler,
            SamplerRatio = ratio,
            Outputs = outputs,
            Format = format,
            FileMaxBytes = env.Size("DOTNET_TELEMETRY_FILE_MAX_SIZE", defaults.FileMaxBytes, min: 4096, max: 1L << 40),
            FileMaxFiles = (int)env.Integer("DOTNET_TELEMETRY_FILE_MAX_FILES", defaults.FileMaxFiles, min: 1, max: 1000),
            Include = ParseGlobs(env, "DOTNET_TELEMETRY_INCLUDE"),
            Exclude = ParseGlobs(env, "DOTNET_TELEMETRY_EXCLUDE"),
            CaptureHttp = env.Bool("DOTNET_TELEMETRY_CAPTURE_HTTP", defaults.CaptureHttp),
            CaptureHttpHeaders = env.Bool("DOTNET_TELEMETRY_CAPTURE_HEADERS", defaults.CaptureHttpHeaders),
            RedactedHeaders = ParseRedactedHeaders(env),
            RedactQuery = env.Bool("DOTNET_TELEMETRY_REDACT_QUERY", defaults.RedactQuery),
            CaptureExceptions = env.Bool("DOTNET_TELEMETRY_CAPTURE_EXCEPTIONS", defaults.CaptureExceptions),
            CaptureThrowStack = env.Bool("DOTNET_TELEMETRY_CAPTURE_THROW_STACK", defaults.CaptureThrowStack),
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
            throw env.Bad("OTEL_TRACES_SAMPLER",
                "is not one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio");
        }
        double ratio = 1.0;
        string? argument = env.Get("OTEL_TRACES_SAMPLER_ARG");
        if (argument is not null && sampler is SamplerKind.TraceIdRatio or SamplerKind.ParentBasedTraceIdRatio)
        {
            if (!double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out ratio) || !(ratio >= 0 && ratio <= 1))
            {
                throw env.Bad("OTEL_TRACES_SAMPLER_ARG", "is not a number between 0 and 1");
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
                    throw env.Bad(name, "has 'file:' without a path");
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
                default: throw env.Bad(name, $"has unknown output '{raw}' (expected stdout, stderr, file:<path>, otlp or none, comma-separated)");
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
                throw env.Bad(name, $"has a pattern with whitespace ('{glob}'); separate patterns with ';'");
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
                throw env.Bad("DOTNET_TELEMETRY_REDACT_HEADERS", $"has an invalid header name '{header}'");
            }
            headers.Add(header);
        }
        return headers;
    }

    private static ClockSource ParseClock(Reader env, ClockSource fallback)
    {
        const string name = "DOTNET_TELEMETRY_CLOCK";
        return env.Get(name)?.Trim().ToLowerInvariant() switch
        {
            null => fallback,
            "auto" => ClockSource.Automatic,
            "stopwatch" => ClockSource.Stopwatch,
            _ => throw env.Bad(name, "is not auto or stopwatch"),
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
            throw env.Bad(name, $"is not a power of two between {MinRingSize} and {MaxRingSize}");
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

    /// <summary>Typed access to the variables; every failure names the variable and its value.</summary>
    private sealed class Reader(Func<string, string?> getVariable)
    {
        /// <summary>The trimmed value, or null when unset or blank (blank means "use the default").</summary>
        public string? Get(string name)
        {
            string? value = getVariable(name)?.Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }

        public ConfigException Bad(string name, string reason)
            => new($"{name}='{Printable(getVariable(name))}' {reason}");

        public bool Bool(string name, bool fallback) => Get(name)?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw Bad(name, "is not true or false"),
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
                throw Bad(name, $"is not a whole number between {min} and {max}");
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
                throw Bad(name, $"is not a size between {min} and {max} bytes (a number with an optional K, M or G suffix)");
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
                throw Bad(name, "is not an absolute http:// or https:// URL");
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
    public string? ErrorLine => Error is null ? null : $"dotnet-telemetry: disabled: {Error}";
}

internal sealed class ConfigException(string message) : Exception(message);
