using DotnetTelemetry.Otlp.Delivery;

namespace DotnetTelemetry.Otlp.Tests;

public sealed class OtlpExporterOptionsTests
{
    private static OtlpExporterOptions Parse(params (string Name, string Value)[] variables) =>
        OtlpExporterOptions.Parse(name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void Defaults_follow_the_OpenTelemetry_specification()
    {
        var options = Parse();
        Assert.Equal("http://localhost:4318/v1/traces", options.TracesEndpoint.ToString());
        Assert.Equal("http://localhost:4318/v1/logs", options.LogsEndpoint.ToString());
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.Equal(OtlpProtocol.HttpProtobuf, options.Protocol);
        Assert.False(options.Gzip);
        Assert.Empty(options.Headers);
        Assert.Empty(options.Errors);
    }

    [Theory]
    [InlineData("http://collector:4318", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/traces")]
    [InlineData("https://otlp.example/base/path/", "https://otlp.example/base/path/v1/traces")]
    public void The_base_endpoint_gets_the_signal_path_appended(string endpoint, string traces)
    {
        var options = Parse(("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint));
        Assert.Equal(traces, options.TracesEndpoint.ToString());
        Assert.Equal(traces.Replace("/v1/traces", "/v1/logs"), options.LogsEndpoint.ToString());
    }

    [Fact]
    public void Signal_specific_endpoints_are_used_as_they_are()
    {
        var options = Parse(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"),
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://tempo:4318/custom/traces"),
            ("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://loki:3100/otlp"));
        Assert.Equal("http://tempo:4318/custom/traces", options.TracesEndpoint.ToString());
        Assert.Equal("http://loki:3100/otlp", options.LogsEndpoint.ToString());
    }

    [Fact]
    public void Headers_are_baggage_style_and_url_decoded()
    {
        var options = Parse(("OTEL_EXPORTER_OTLP_HEADERS", " DD-API-KEY = abc%2Cdef , x-scope=a%3Db,broken"));
        Assert.Equal(new[] { new KeyValuePair<string, string>("DD-API-KEY", "abc,def"), new("x-scope", "a=b") }, options.Headers);
        Assert.Contains(options.Errors, e => e.Contains("\"broken\""));
    }

    [Theory]
    [InlineData("k=%0d%0aInjected:%20y", "header \"k\" has a line break in its value")]
    [InlineData("k=a\nInjected: y", "header \"k\" has a line break in its value")]
    [InlineData("Host=evil.example", "header \"Host\" is set by the exporter")]
    [InlineData("content-length=5", "header \"content-length\" is set by the exporter")]
    [InlineData("Transfer-Encoding=chunked", "header \"Transfer-Encoding\" is set by the exporter")]
    [InlineData("k=%C3%BC", "header \"k\" has a control or non-ASCII character")]
    [InlineData("k=a%00b", "header \"k\" has a control or non-ASCII character")]
    [InlineData("a%20b=1", "header \"a\\u0020b\" is not a valid header name")]
    [InlineData("x%0ay=1", "header \"x\\u000ay\" is not a valid header name")]
    [InlineData("(k)=1", "header \"(k)\" is not a valid header name")]
    public void A_header_that_could_not_be_sent_as_it_is_is_refused_with_one_line(string headers, string expected)
    {
        var options = Parse(("OTEL_EXPORTER_OTLP_HEADERS", headers + ",x-ok=fine"));
        var error = Assert.Single(options.Errors);
        Assert.StartsWith("OTEL_EXPORTER_OTLP_HEADERS: " + expected, error);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("Injected", error);
        Assert.Equal(new[] { new KeyValuePair<string, string>("x-ok", "fine") }, options.Headers);
    }

    [Fact]
    public void Signal_headers_replace_the_general_ones_for_their_signal_only()
    {
        var options = Parse(("OTEL_EXPORTER_OTLP_HEADERS", "a=1"), ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "t=2,Host=x"));
        Assert.Equal(new[] { new KeyValuePair<string, string>("t", "2") }, options.HeadersFor(options.TracesEndpoint));
        Assert.Equal(new[] { new KeyValuePair<string, string>("a", "1") }, options.HeadersFor(options.LogsEndpoint));
        Assert.StartsWith("OTEL_EXPORTER_OTLP_TRACES_HEADERS: header \"Host\"", Assert.Single(options.Errors));
    }

    [Fact]
    public void Timeout_compression_and_protocol_are_read()
    {
        var options = Parse(("OTEL_EXPORTER_OTLP_TIMEOUT", "2500"), ("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"));
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.Timeout);
        Assert.True(options.Gzip);
        Assert.Equal(OtlpProtocol.HttpJson, options.Protocol);
        Assert.Empty(options.Errors);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "soon", "OTEL_EXPORTER_OTLP_TIMEOUT")]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "-5", "OTEL_EXPORTER_OTLP_TIMEOUT")]
    [InlineData("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd", "gzip or none")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "thrift", "http/protobuf or http/json")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318", "absolute http")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://collector", "absolute http")]
    [InlineData("OTEL_BSP_MAX_QUEUE_SIZE", "0", "whole number")]
    public void Bad_values_give_a_clear_error_and_keep_the_default(string name, string value, string expected)
    {
        var defaults = Parse();
        var options = Parse((name, value));
        var error = Assert.Single(options.Errors);
        Assert.Contains(expected, error);
        Assert.Contains(value, error);
        Assert.Equal(defaults.Timeout, options.Timeout);
        Assert.Equal(defaults.TracesEndpoint, options.TracesEndpoint);
        Assert.Equal(defaults.Protocol, options.Protocol);
        Assert.Equal(defaults.MaxQueueSize, options.MaxQueueSize);
    }

    [Fact]
    public void Grpc_is_explained_and_falls_back_to_http_protobuf()
    {
        var options = Parse(("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
        Assert.Equal(OtlpProtocol.HttpProtobuf, options.Protocol);
        Assert.Contains("grpc is not supported", Assert.Single(options.Errors));
    }
}
