namespace DotnetTelemetry.Schema;

/// <summary>Identity of the format this assembly writes, reads and validates.</summary>
public static partial class TelemetrySchema
{
    /// <summary>The <c>schema.format</c> value.</summary>
    public const string FormatName = "telemetry.v3";

    /// <summary>The <c>schema.version</c> value.</summary>
    public const string Version = "3.0.0";
}
