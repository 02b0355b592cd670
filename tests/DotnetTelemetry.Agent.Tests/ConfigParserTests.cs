using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Agent.Tests;

public class ConfigParserTests
{
    private static ConfigResult Parse(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return ConfigParser.Parse(name => map.TryGetValue(name, out var value) ? value : null);
    }

    private static AgentConfig Valid(params (string Name, string Value)[] variables)
    {
        var result = Parse(variables);
        Assert.Null(result.Error);
        return result.Config!;
    }

    private static string Invalid(params (string Name, string Value)[] variables)
    {
        var result = Parse(variables);
        Assert.Null(result.Config);
        Assert.NotNull(result.ErrorLine);
        Assert.StartsWith("dotnet-telemetry: disabled: ", result.ErrorLine);
        Assert.DoesNotContain('\n', result.ErrorLine!);
        return result.ErrorLine!;
    }

    /// <summary>
    /// The parser runs in the app's process, whose first-chance handlers see every exception: bad values are
    /// reported without a single throw (the first one named, as before).
    /// </summary>
    [Fact]
    public void Bad_values_are_reported_without_throwing()
    {
        int thread = Environment.CurrentManagedThreadId;
        var seen = new List<string>();
        EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> watch = (_, args) =>
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                lock (seen) seen.Add(args.Exception.GetType().Name + ": " + args.Exception.Message);
            }
        };
        AppDomain.CurrentDomain.FirstChanceException += watch;
        string line;
        try
        {
            line = Invalid(("DOTNET_TELEMETRY_RING_SIZE", "12"), ("DOTNET_TELEMETRY_FORMAT", "json"), ("DOTNET_TELEMETRY_CAPTURE_HTTP", "maybe"),
                ("OTEL_RESOURCE_ATTRIBUTES", "novalue,a=%zz"), ("DOTNET_TELEMETRY_OUTPUT", "file:,carrier-pigeon"), ("OTEL_TRACES_SAMPLER", "sometimes"),
                ("DOTNET_TELEMETRY_AWS_METADATA_ENDPOINT", "ftp://x"), ("DOTNET_TELEMETRY_FILE_MAX_SIZE", "huge"), ("DOTNET_TELEMETRY_CLOCK", "sundial"));
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= watch;
        }

        Assert.Empty(seen);
        // The first bad value in parsing order is the one named.
        Assert.Contains("OTEL_TRACES_SAMPLER='sometimes' is not one of", line);
    }

    [Fact]
    public void A_malformed_percent_escape_is_kept_as_it_is()
    {
        var config = Valid(("OTEL_RESOURCE_ATTRIBUTES", "team=a%zzb,ok=x%20y"));
        Assert.Equal(new[] { new KeyValuePair<string, string>("team", "a%zzb"), new KeyValuePair<string, string>("ok", "x y") }, config.ResourceAttributes);
    }

    [Fact]
    public void No_variables_give_the_documented_defaults()
    {
        var config = Valid();
        Assert.True(config.Enabled);
        Assert.Equal(new[] { OutputTarget.Stdout }, config.Outputs);
        Assert.Equal(OutputFormat.V3, config.Format);
        Assert.Equal(65536, config.RingSize);
        Assert.Equal(SamplerKind.ParentBasedAlwaysOn, config.Sampler);
        Assert.Equal(1.0, config.SamplerRatio);
        Assert.True(config.CaptureHttp);
        Assert.True(config.CaptureHttpHeaders);
        Assert.True(config.RedactQuery);
        Assert.True(config.CaptureExceptions);
        Assert.False(config.CaptureThrowStack);
        Assert.Contains("Authorization", config.RedactedHeaders);
        Assert.Contains("set-cookie", config.RedactedHeaders); // case-insensitive
        Assert.Contains("X-Api-Key", config.RedactedHeaders);
        Assert.Equal(TimeSpan.FromSeconds(60), config.StatusInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), config.ExitFlushTimeout);
        Assert.Empty(config.Include);
        Assert.Empty(config.Exclude);
        Assert.True(config.Detection.CloudDetection);
    }

    [Theory]
    [InlineData("DOTNET_TELEMETRY_ENABLED", "false")]
    [InlineData("DOTNET_TELEMETRY_ENABLED", "0")]
    [InlineData("DOTNET_TELEMETRY_ENABLED", "OFF")]
    [InlineData("OTEL_SDK_DISABLED", "true")]
    [InlineData("OTEL_SDK_DISABLED", " TRUE ")]
    public void Switches_turn_the_agent_off(string name, string value)
    {
        Assert.False(Valid((name, value)).Enabled);
    }

    [Fact]
    public void Switched_off_agent_ignores_other_bad_values()
    {
        // Off means off: a typo elsewhere must not print anything.
        var config = Valid(("DOTNET_TELEMETRY_ENABLED", "false"), ("DOTNET_TELEMETRY_RING_SIZE", "abc"));
        Assert.False(config.Enabled);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1000")]
    [InlineData("512")]
    [InlineData("33554432")]
    [InlineData("-1024")]
    [InlineData("4096.0")]
    public void Ring_size_must_be_a_power_of_two_in_range(string value)
    {
        string line = Invalid(("DOTNET_TELEMETRY_RING_SIZE", value));
        Assert.Equal($"dotnet-telemetry: disabled: DOTNET_TELEMETRY_RING_SIZE='{value}' is not a power of two between 1024 and 16777216", line);
    }

    [Theory]
    [InlineData(null, ClockSource.Automatic)]
    [InlineData("auto", ClockSource.Automatic)]
    [InlineData(" Stopwatch ", ClockSource.Stopwatch)]
    public void Clock_is_auto_or_stopwatch(string? value, ClockSource expected)
    {
        var config = value is null ? Valid() : Valid(("DOTNET_TELEMETRY_CLOCK", value));
        Assert.Equal(expected, config.Clock);
    }

    [Fact]
    public void Unknown_clock_disables_the_agent_with_one_line()
    {
        string line = Invalid(("DOTNET_TELEMETRY_CLOCK", "rdtsc"));
        Assert.Equal("dotnet-telemetry: disabled: DOTNET_TELEMETRY_CLOCK='rdtsc' is not auto or stopwatch", line);
    }

    [Theory]
    [InlineData("1024", 1024)]
    [InlineData(" 262144 ", 262144)]
    [InlineData("16777216", 16777216)]
    public void Ring_size_accepts_powers_of_two(string value, int expected)
    {
        Assert.Equal(expected, Valid(("DOTNET_TELEMETRY_RING_SIZE", value)).RingSize);
    }

    [Fact]
    public void Blank_values_mean_default()
    {
        var config = Valid(("DOTNET_TELEMETRY_RING_SIZE", "  "), ("DOTNET_TELEMETRY_OUTPUT", ""));
        Assert.Equal(65536, config.RingSize);
        Assert.Equal(new[] { OutputTarget.Stdout }, config.Outputs);
    }

    [Fact]
    public void Outputs_are_a_comma_separated_list()
    {
        var config = Valid(("DOTNET_TELEMETRY_OUTPUT", "stderr, file:/tmp/x/events.ndjson ,otlp,STDOUT"));
        Assert.Equal(new[]
        {
            new OutputTarget(OutputKind.Stderr),
            new OutputTarget(OutputKind.File, "/tmp/x/events.ndjson"),
            new OutputTarget(OutputKind.Otlp),
            OutputTarget.Stdout,
        }, config.Outputs);
    }

    [Fact]
    public void Output_none_means_no_sink_and_relative_files_become_absolute()
    {
        Assert.Empty(Valid(("DOTNET_TELEMETRY_OUTPUT", "none")).Outputs);
        var file = Assert.Single(Valid(("DOTNET_TELEMETRY_OUTPUT", "file:events.ndjson")).Outputs);
        Assert.True(Path.IsPathRooted(file.Path));
        Assert.EndsWith("events.ndjson", file.Path);
    }

    [Theory]
    [InlineData("stdot", "unknown output 'stdot'")]
    [InlineData("file:", "'file:' without a path")]
    [InlineData("stdout,kafka", "unknown output 'kafka'")]
    public void Bad_outputs_are_named(string value, string reason)
    {
        string line = Invalid(("DOTNET_TELEMETRY_OUTPUT", value));
        Assert.Contains($"DOTNET_TELEMETRY_OUTPUT='{value}'", line);
        Assert.Contains(reason, line);
    }

    [Theory]
    [InlineData("v3", "V3")]
    [InlineData("ECS", "Ecs")]
    public void Format_values(string value, string expected)
    {
        Assert.Equal(expected, Valid(("DOTNET_TELEMETRY_FORMAT", value)).Format.ToString());
    }

    [Fact]
    public void Bad_format_is_reported()
    {
        Assert.Contains("DOTNET_TELEMETRY_FORMAT='json' is not 'v3' or 'ecs'", Invalid(("DOTNET_TELEMETRY_FORMAT", "json")));
    }

    [Theory]
    [InlineData("always_on", SamplerKind.AlwaysOn)]
    [InlineData("always_off", SamplerKind.AlwaysOff)]
    [InlineData("traceidratio", SamplerKind.TraceIdRatio)]
    [InlineData("parentbased_always_on", SamplerKind.ParentBasedAlwaysOn)]
    [InlineData("parentbased_always_off", SamplerKind.ParentBasedAlwaysOff)]
    [InlineData("ParentBased_TraceIdRatio", SamplerKind.ParentBasedTraceIdRatio)]
    public void Samplers(string value, SamplerKind expected)
    {
        Assert.Equal(expected, Valid(("OTEL_TRACES_SAMPLER", value)).Sampler);
    }

    [Fact]
    public void Sampler_ratio_is_read_for_ratio_samplers_only()
    {
        Assert.Equal(0.25, Valid(("OTEL_TRACES_SAMPLER", "traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "0.25")).SamplerRatio);
        Assert.Equal(1.0, Valid(("OTEL_TRACES_SAMPLER", "always_on"), ("OTEL_TRACES_SAMPLER_ARG", "whatever")).SamplerRatio);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("half")]
    [InlineData("NaN")]
    public void Bad_sampler_ratio_is_reported(string value)
    {
        Assert.Contains($"OTEL_TRACES_SAMPLER_ARG='{value}' is not a number between 0 and 1",
            Invalid(("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", value)));
    }

    [Fact]
    public void Unknown_sampler_is_reported()
    {
        Assert.Contains("OTEL_TRACES_SAMPLER='sometimes' is not one of", Invalid(("OTEL_TRACES_SAMPLER", "sometimes")));
    }

    [Theory]
    [InlineData("DOTNET_TELEMETRY_CAPTURE_HEADERS")]
    [InlineData("DOTNET_TELEMETRY_CAPTURE_HTTP")]
    [InlineData("DOTNET_TELEMETRY_CAPTURE_EXCEPTIONS")]
    [InlineData("DOTNET_TELEMETRY_CAPTURE_THROW_STACK")]
    [InlineData("DOTNET_TELEMETRY_REDACT_QUERY")]
    [InlineData("DOTNET_TELEMETRY_ENABLED")]
    [InlineData("OTEL_SDK_DISABLED")]
    [InlineData("DOTNET_TELEMETRY_CLOUD_DETECTION")]
    public void Booleans_reject_other_words(string name)
    {
        Assert.Contains($"{name}='maybe' is not true or false", Invalid((name, "maybe")));
    }

    [Fact]
    public void Capture_switches_are_read()
    {
        var config = Valid(("DOTNET_TELEMETRY_CAPTURE_HEADERS", "false"), ("DOTNET_TELEMETRY_REDACT_QUERY", "no"),
            ("DOTNET_TELEMETRY_CAPTURE_EXCEPTIONS", "0"), ("DOTNET_TELEMETRY_CAPTURE_HTTP", "off"), ("DOTNET_TELEMETRY_CAPTURE_THROW_STACK", "yes"));
        Assert.True(config.CaptureThrowStack);
        Assert.False(config.CaptureHttpHeaders);
        Assert.False(config.RedactQuery);
        Assert.False(config.CaptureExceptions);
        Assert.False(config.CaptureHttp);
    }

    [Theory]
    [InlineData(null, "Secrets")]
    [InlineData("secrets", "Secrets")]
    [InlineData("ALL", "All")]
    [InlineData(" none ", "None")]
    public void Exception_message_redaction_defaults_to_secrets(string? value, string expected)
    {
        var config = value is null ? Valid() : Valid(("DOTNET_TELEMETRY_REDACT_EXCEPTION_MESSAGES", value));
        Assert.Equal(expected, config.RedactExceptionMessages.ToString());
        Assert.Contains("DOTNET_TELEMETRY_REDACT_EXCEPTION_MESSAGES='true' is not secrets, all or none",
            Invalid(("DOTNET_TELEMETRY_REDACT_EXCEPTION_MESSAGES", "true")));
    }

    [Fact]
    public void Redacted_headers_extend_the_defaults()
    {
        var config = Valid(("DOTNET_TELEMETRY_REDACT_HEADERS", "X-Tenant-Secret; x-session ,"));
        Assert.Contains("X-Tenant-Secret", config.RedactedHeaders);
        Assert.Contains("X-SESSION", config.RedactedHeaders);
        Assert.Contains("Authorization", config.RedactedHeaders);
        Assert.Contains("Cookie", config.RedactedHeaders);
    }

    [Fact]
    public void Redacted_header_names_must_be_tokens()
    {
        Assert.Contains("invalid header name 'X Bad'", Invalid(("DOTNET_TELEMETRY_REDACT_HEADERS", "X Bad")));
    }

    [Fact]
    public void Method_globs_are_semicolon_separated()
    {
        var config = Valid(("DOTNET_TELEMETRY_INCLUDE", "MyApp.*; MyLib.Orders.*"), ("DOTNET_TELEMETRY_EXCLUDE", "*.get_*"));
        Assert.Equal(new[] { "MyApp.*", "MyLib.Orders.*" }, config.Include);
        Assert.Equal(new[] { "*.get_*" }, config.Exclude);
        Assert.Contains("DOTNET_TELEMETRY_INCLUDE", Invalid(("DOTNET_TELEMETRY_INCLUDE", "MyApp.* MyLib.*")));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("off", false)]
    [InlineData("false", false)]
    [InlineData("on", true)]
    public void The_hook_attaches_the_shim_itself_unless_weave_is_off(string? value, bool selfAttach)
    {
        var config = value is null ? Valid() : Valid(("DOTNET_TELEMETRY_WEAVE", value));
        Assert.Equal(selfAttach, config.SelfAttach);
        Assert.Contains("DOTNET_TELEMETRY_WEAVE='sometimes' is not true or false", Invalid(("DOTNET_TELEMETRY_WEAVE", "sometimes")));
    }

    [Theory]
    [InlineData("4096", 4096L)]
    [InlineData("64K", 65536L)]
    [InlineData("10M", 10485760L)]
    [InlineData("1g", 1073741824L)]
    [InlineData("5MB", 5242880L)]
    public void File_size_accepts_suffixes(string value, long expected)
    {
        Assert.Equal(expected, Valid(("DOTNET_TELEMETRY_FILE_MAX_SIZE", value)).FileMaxBytes);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("ten")]
    [InlineData("2T")]
    public void File_size_rejects_tiny_or_odd_values(string value)
    {
        Assert.Contains($"DOTNET_TELEMETRY_FILE_MAX_SIZE='{value}' is not a size", Invalid(("DOTNET_TELEMETRY_FILE_MAX_SIZE", value)));
    }

    [Theory]
    [InlineData("DOTNET_TELEMETRY_FILE_MAX_FILES", "0")]
    [InlineData("DOTNET_TELEMETRY_FILE_MAX_FILES", "1001")]
    [InlineData("DOTNET_TELEMETRY_MAX_MESSAGE_LENGTH", "8")]
    [InlineData("DOTNET_TELEMETRY_MAX_STACKTRACE_LENGTH", "x")]
    [InlineData("DOTNET_TELEMETRY_STATUS_INTERVAL", "-5")]
    [InlineData("DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS", "60000")]
    [InlineData("DOTNET_TELEMETRY_CLOUD_TIMEOUT_MS", "1")]
    public void Numbers_out_of_range_are_reported(string name, string value)
    {
        Assert.Contains($"{name}='{value}' is not a whole number between", Invalid((name, value)));
    }

    [Fact]
    public void Numbers_in_range_are_read()
    {
        var config = Valid(("DOTNET_TELEMETRY_FILE_MAX_FILES", "3"), ("DOTNET_TELEMETRY_MAX_MESSAGE_LENGTH", "200"),
            ("DOTNET_TELEMETRY_MAX_STACKTRACE_LENGTH", "4096"), ("DOTNET_TELEMETRY_STATUS_INTERVAL", "0"),
            ("DOTNET_TELEMETRY_EXIT_FLUSH_TIMEOUT_MS", "500"));
        Assert.Equal(3, config.FileMaxFiles);
        Assert.Equal(200, config.MaxMessageLength);
        Assert.Equal(4096, config.MaxStackTraceLength);
        Assert.Equal(TimeSpan.Zero, config.StatusInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.ExitFlushTimeout);
    }

    [Fact]
    public void Resource_attributes_are_decoded_and_last_wins()
    {
        var config = Valid(("OTEL_RESOURCE_ATTRIBUTES", "team=payments, deployment.environment.name=prod,note=a%2Cb%3Dc,team=orders"));
        Assert.Equal(new KeyValuePair<string, string>[]
        {
            new("deployment.environment.name", "prod"),
            new("note", "a,b=c"),
            new("team", "orders"),
        }, config.ResourceAttributes);
    }

    [Fact]
    public void Resource_attributes_without_equals_are_reported()
    {
        Assert.Contains("has 'justakey', which is not key=value", Invalid(("OTEL_RESOURCE_ATTRIBUTES", "a=1,justakey")));
    }

    [Fact]
    public void Detection_paths_and_endpoints_are_configurable()
    {
        var config = Valid(("DOTNET_TELEMETRY_DMI_DIR", "/tmp/dmi"), ("DOTNET_TELEMETRY_CGROUP_ROOT", "/tmp/cg"),
            ("DOTNET_TELEMETRY_K8S_NAMESPACE_FILE", "/tmp/ns"), ("DOTNET_TELEMETRY_K8S_LABELS_FILE", "/tmp/labels"),
            ("DOTNET_TELEMETRY_AWS_METADATA_ENDPOINT", "http://127.0.0.1:9/"), ("DOTNET_TELEMETRY_CLOUD_DETECTION", "false"),
            ("DOTNET_TELEMETRY_CLOUD_TIMEOUT_MS", "100"));
        Assert.Equal("/tmp/dmi", config.Detection.DmiDirectory);
        Assert.Equal("/tmp/cg", config.Detection.CgroupRoot);
        Assert.Equal("/tmp/ns", config.Detection.KubernetesNamespaceFile);
        Assert.Equal("/tmp/labels", config.Detection.KubernetesLabelsFile);
        Assert.Equal(new Uri("http://127.0.0.1:9/"), config.Detection.AwsMetadataEndpoint);
        Assert.False(config.Detection.CloudDetection);
        Assert.Equal(TimeSpan.FromMilliseconds(100), config.Detection.CloudTimeout);
        Assert.Contains("is not an absolute http:// or https:// URL", Invalid(("DOTNET_TELEMETRY_GCP_METADATA_ENDPOINT", "ftp://x")));
    }

    [Fact]
    public void Error_line_shows_control_characters_safely_and_bounds_long_values()
    {
        string line = Invalid(("DOTNET_TELEMETRY_FORMAT", "bad\nvalue" + new string('x', 200)));
        Assert.Contains("bad?value", line);
        Assert.Contains("...", line);
        Assert.True(line.Length < 250);
    }
}
