namespace DotnetTelemetry.Otlp.Delivery;

/// <summary>OTEL_EXPORTER_OTLP_PROTOCOL values we send with.</summary>
public enum OtlpProtocol
{
    /// <summary><c>http/protobuf</c> (the default).</summary>
    HttpProtobuf,
    /// <summary><c>http/json</c>.</summary>
    HttpJson,
}
