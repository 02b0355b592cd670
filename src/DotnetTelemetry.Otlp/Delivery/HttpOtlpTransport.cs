using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using DotnetTelemetry.Otlp.Wire;

namespace DotnetTelemetry.Otlp.Delivery;

/// <summary>
/// One OTLP/HTTP POST per call, synchronous (it runs on the exporter's own thread), bounded by the
/// configured timeout, and classified per the OTLP specification's retry rules.
/// </summary>
internal sealed class HttpOtlpTransport : IOtlpTransport
{
    private const int MaxResponseBytes = 64 * 1024;

    /// <summary>The request option the agent's HTTP listener checks to skip the agent's own traffic.</summary>
    private static readonly HttpRequestOptionsKey<bool> AgentInternalRequest = new("DotnetTelemetry.Agent.Internal");

    private readonly OtlpExporterOptions _options;
    private readonly HttpClient _client;
    private readonly string _contentType;

    public HttpOtlpTransport(OtlpExporterOptions options)
    {
        _options = options;
        _contentType = options.Protocol == OtlpProtocol.HttpJson ? "application/json" : "application/x-protobuf";
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Tracing headers on our own export requests would make them look like part of the app's trace.
            ActivityHeadersPropagator = null,
        };
        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("dotnet-telemetry", Mapping.ResourceMapper.OwnVersion));
    }

    public ExportAttempt Send(Uri endpoint, byte[] body, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var request = BuildRequest(endpoint, body);
            using var response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            int status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var responseBody = ReadBounded(response, timeout.Token);
                var partial = IsJson(response) ? PartialSuccess.FromJson(responseBody) : PartialSuccess.FromProtobuf(responseBody);
                return ExportAttempt.Success(status, partial);
            }
            if (ExportAttempt.IsRetryableStatus(status))
                return ExportAttempt.Retry(status, RetryAfter(response), $"HTTP {status} from {endpoint}");
            return ExportAttempt.Fail(status, $"HTTP {status} from {endpoint}{Describe(ReadBounded(response, timeout.Token))}");
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return ExportAttempt.Retry(0, null, $"no answer from {endpoint} within {_options.Timeout.TotalMilliseconds:0} ms");
        }
        catch (OperationCanceledException)
        {
            return ExportAttempt.Fail(0, "export cancelled at shutdown");
        }
        catch (HttpRequestException e)
        {
            return ExportAttempt.Retry(0, null, $"cannot reach {endpoint}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or NotSupportedException)
        {
            return ExportAttempt.Fail(0, $"cannot send to {endpoint}: {e.Message}");
        }
    }

    private HttpRequestMessage BuildRequest(Uri endpoint, byte[] body)
    {
        var content = new ByteArrayContent(_options.Gzip ? Gzip(body) : body);
        content.Headers.ContentType = new MediaTypeHeaderValue(_contentType);
        if (_options.Gzip) content.Headers.ContentEncoding.Add("gzip");
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Options.Set(AgentInternalRequest, true);
        // Checked at start-up (OtlpHeaderRules): valid names, single-line values, none the exporter or framing owns.
        foreach (var (name, value) in _options.HeadersFor(endpoint))
        {
            if (!request.Headers.TryAddWithoutValidation(name, value)) content.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    private static byte[] Gzip(byte[] body)
    {
        using var compressed = new MemoryStream(body.Length / 4 + 64);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body, 0, body.Length);
        }
        return compressed.ToArray();
    }

    /// <summary>Retry-After as seconds or as an HTTP date.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;

    private static byte[] ReadBounded(HttpResponseMessage response, CancellationToken cancellation)
    {
        using var stream = response.Content.ReadAsStream(cancellation);
        var buffer = new byte[MaxResponseBytes];
        int total = 0, read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
        return buffer.AsSpan(0, total).ToArray();
    }

    private static string Describe(byte[] body)
    {
        if (body.Length == 0) return "";
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
        return ": " + new string(text.Where(c => !char.IsControl(c)).ToArray());
    }

    public void Dispose() => _client.Dispose();
}
