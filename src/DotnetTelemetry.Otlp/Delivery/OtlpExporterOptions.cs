using System.Globalization;
using DotnetTelemetry.Otlp.Redaction;

namespace DotnetTelemetry.Otlp.Delivery;

/// <summary>
/// OTLP exporter settings, read from the standard OpenTelemetry variables with the specification's
/// defaults. <see cref="Parse"/> never throws: bad values are reported in <see cref="Errors"/> (for the
/// agent's configuration report) and the default is used instead, so nothing is lost.
/// </summary>
public sealed class OtlpExporterOptions
{
    public const string DefaultEndpoint = "http://localhost:4318";

    public Uri TracesEndpoint { get; set; } = new(DefaultEndpoint + "/v1/traces");
    public Uri LogsEndpoint { get; set; } = new(DefaultEndpoint + "/v1/logs");
    /// <summary>Headers of every export request (OTEL_EXPORTER_OTLP_HEADERS), each checked by <see cref="OtlpHeaderRules"/>.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = new();
    /// <summary>OTEL_EXPORTER_OTLP_TRACES_HEADERS when set: used for traces instead of <see cref="Headers"/>, as in the OTel SDKs.</summary>
    public List<KeyValuePair<string, string>>? TracesHeaders { get; set; }
    /// <summary>OTEL_EXPORTER_OTLP_LOGS_HEADERS when set: used for logs instead of <see cref="Headers"/>.</summary>
    public List<KeyValuePair<string, string>>? LogsHeaders { get; set; }
    /// <summary>Per-request timeout (OTEL_EXPORTER_OTLP_TIMEOUT, ms; default 10 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public bool Gzip { get; set; }
    public OtlpProtocol Protocol { get; set; } = OtlpProtocol.HttpProtobuf;

    /// <summary>Spans and log records waiting for export (OTEL_BSP_MAX_QUEUE_SIZE; default 2048). Beyond it: dropped and counted.</summary>
    public int MaxQueueSize { get; set; } = 2048;
    /// <summary>Items per request (OTEL_BSP_MAX_EXPORT_BATCH_SIZE; default 512).</summary>
    public int MaxExportBatchSize { get; set; } = 512;
    /// <summary>Longest wait before a partial batch is sent (OTEL_BSP_SCHEDULE_DELAY, ms; default 5000).</summary>
    public TimeSpan ScheduleDelay { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Function/HTTP entries held while waiting for their exit.</summary>
    public int MaxOpenSpans { get; set; } = 2048;

    /// <summary>Attempts per batch, the first included, when the receiver answers 429/502/503/504 or is unreachable.</summary>
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Upper bound on one batch's delivery, retries and waits included.</summary>
    public TimeSpan MaxRetryTime { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long Dispose waits for queued data to go out.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Problems found by <see cref="Parse"/>, one sentence each, naming the variable (URL credentials masked).</summary>
    public List<string> Errors { get; } = new();

    /// <summary>Reads the settings from the process environment.</summary>
    public static OtlpExporterOptions FromEnvironment() => Parse(Environment.GetEnvironmentVariable);

    public static OtlpExporterOptions Parse(Func<string, string?> getVariable)
    {
        var options = new OtlpExporterOptions();
        string? Get(string name) => getVariable(name) is { } value && value.Trim().Length > 0 ? value.Trim() : null;

        options.ParseEndpoints(Get("OTEL_EXPORTER_OTLP_ENDPOINT"), Get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), Get("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"));
        if (Get("OTEL_EXPORTER_OTLP_HEADERS") is { } headers) options.ParseHeaders(headers, "OTEL_EXPORTER_OTLP_HEADERS", options.Headers);
        if (Get("OTEL_EXPORTER_OTLP_TRACES_HEADERS") is { } traceHeaders)
            options.ParseHeaders(traceHeaders, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", options.TracesHeaders = new());
        if (Get("OTEL_EXPORTER_OTLP_LOGS_HEADERS") is { } logHeaders)
            options.ParseHeaders(logHeaders, "OTEL_EXPORTER_OTLP_LOGS_HEADERS", options.LogsHeaders = new());

        if (Get("OTEL_EXPORTER_OTLP_TIMEOUT") is { } timeout)
        {
            if (TryParseMilliseconds(timeout, out var value)) options.Timeout = value;
            else options.Errors.Add($"OTEL_EXPORTER_OTLP_TIMEOUT=\"{timeout}\" is not a number of milliseconds > 0; using 10000.");
        }

        if (Get("OTEL_EXPORTER_OTLP_COMPRESSION") is { } compression)
        {
            if (compression.Equals("gzip", StringComparison.OrdinalIgnoreCase)) options.Gzip = true;
            else if (!compression.Equals("none", StringComparison.OrdinalIgnoreCase))
                options.Errors.Add($"OTEL_EXPORTER_OTLP_COMPRESSION=\"{compression}\" is not gzip or none; sending uncompressed.");
        }

        if (Get("OTEL_EXPORTER_OTLP_PROTOCOL") is { } protocol)
            options.ParseProtocol(protocol);

        options.MaxQueueSize = options.ParseCount(Get("OTEL_BSP_MAX_QUEUE_SIZE"), "OTEL_BSP_MAX_QUEUE_SIZE", options.MaxQueueSize);
        options.MaxExportBatchSize = options.ParseCount(Get("OTEL_BSP_MAX_EXPORT_BATCH_SIZE"), "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", options.MaxExportBatchSize);
        if (options.MaxExportBatchSize > options.MaxQueueSize) options.MaxExportBatchSize = options.MaxQueueSize;
        if (Get("OTEL_BSP_SCHEDULE_DELAY") is { } delay)
        {
            if (TryParseMilliseconds(delay, out var value)) options.ScheduleDelay = value;
            else options.Errors.Add($"OTEL_BSP_SCHEDULE_DELAY=\"{delay}\" is not a number of milliseconds > 0; using 5000.");
        }
        return options;
    }

    /// <summary>
    /// OTEL_EXPORTER_OTLP_ENDPOINT is a base URL: /v1/traces and /v1/logs are appended. The
    /// signal-specific variables are full URLs, used as they are.
    /// </summary>
    private void ParseEndpoints(string? baseEndpoint, string? tracesEndpoint, string? logsEndpoint)
    {
        if (baseEndpoint is not null)
        {
            if (TryParseHttpUrl(baseEndpoint, out var baseUri))
            {
                var root = baseUri.ToString().TrimEnd('/');
                TracesEndpoint = new Uri(root + "/v1/traces");
                LogsEndpoint = new Uri(root + "/v1/logs");
            }
            else Errors.Add($"OTEL_EXPORTER_OTLP_ENDPOINT=\"{UrlCredentials.Redact(baseEndpoint)}\" is not an absolute http:// or https:// URL; using {DefaultEndpoint}.");
        }
        if (tracesEndpoint is not null)
        {
            if (TryParseHttpUrl(tracesEndpoint, out var uri)) TracesEndpoint = uri;
            else Errors.Add($"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=\"{UrlCredentials.Redact(tracesEndpoint)}\" is not an absolute http:// or https:// URL; using {UrlCredentials.Redact(TracesEndpoint)}.");
        }
        if (logsEndpoint is not null)
        {
            if (TryParseHttpUrl(logsEndpoint, out var uri)) LogsEndpoint = uri;
            else Errors.Add($"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=\"{UrlCredentials.Redact(logsEndpoint)}\" is not an absolute http:// or https:// URL; using {UrlCredentials.Redact(LogsEndpoint)}.");
        }
    }

    private static bool TryParseHttpUrl(string text, out Uri uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>The headers of a request to <paramref name="endpoint"/>: the signal's own list when its variable is set.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> HeadersFor(Uri endpoint) =>
        endpoint == TracesEndpoint ? TracesHeaders ?? Headers
        : endpoint == LogsEndpoint ? LogsHeaders ?? Headers
        : Headers;

    /// <summary>
    /// W3C baggage style: <c>key1=value1,key2=value2</c>, keys and values URL-decoded. A header that could not be sent
    /// as it is (see <see cref="OtlpHeaderRules"/>) is left out with one line naming it; the others are kept.
    /// </summary>
    private void ParseHeaders(string text, string variable, List<KeyValuePair<string, string>> headers)
    {
        foreach (var item in text.Split(','))
        {
            if (item.Trim().Length == 0) continue;
            int equals = item.IndexOf('=');
            if (equals <= 0)
            {
                Errors.Add($"{variable}: \"{OtlpHeaderRules.Printable(item.Trim())}\" is not key=value; ignored.");
                continue;
            }
            var key = Uri.UnescapeDataString(item.Substring(0, equals).Trim());
            var value = Uri.UnescapeDataString(item.Substring(equals + 1).Trim());
            if (OtlpHeaderRules.Problem(key, value) is { } problem)
            {
                Errors.Add($"{variable}: header \"{OtlpHeaderRules.Printable(key)}\" {problem}; not sent.");
                continue;
            }
            headers.RemoveAll(h => h.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
            headers.Add(new(key, value));
        }
    }

    private void ParseProtocol(string protocol)
    {
        switch (protocol.ToLowerInvariant())
        {
            case "http/protobuf":
                Protocol = OtlpProtocol.HttpProtobuf;
                break;
            case "http/json":
                Protocol = OtlpProtocol.HttpJson;
                break;
            case "grpc":
                // gRPC needs HTTP/2 framing we do not ship in the app's process; the same receivers
                // take OTLP/HTTP on 4318, so we say so and send http/protobuf.
                Errors.Add("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported by dotnet-telemetry; sending http/protobuf instead " +
                           "(point OTEL_EXPORTER_OTLP_ENDPOINT at the receiver's OTLP/HTTP port, usually 4318).");
                Protocol = OtlpProtocol.HttpProtobuf;
                break;
            default:
                Errors.Add($"OTEL_EXPORTER_OTLP_PROTOCOL=\"{protocol}\" is not http/protobuf or http/json; using http/protobuf.");
                break;
        }
    }

    private int ParseCount(string? text, string variable, int fallback)
    {
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0) return value;
        Errors.Add($"{variable}=\"{text}\" is not a whole number > 0; using {fallback}.");
        return fallback;
    }

    private static bool TryParseMilliseconds(string text, out TimeSpan value)
    {
        value = default;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) || !(ms > 0) || ms > int.MaxValue)
            return false;
        value = TimeSpan.FromMilliseconds(ms);
        return true;
    }
}
