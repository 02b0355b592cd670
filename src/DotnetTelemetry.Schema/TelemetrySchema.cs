namespace DotnetTelemetry.Schema;

/// <summary>Identity of the format this assembly writes, reads and validates, and its JSON Schema.</summary>
public static class TelemetrySchema
{
    /// <summary>The <c>schema.format</c> value.</summary>
    public const string FormatName = "telemetry.v3";

    /// <summary>The <c>schema.version</c> value.</summary>
    public const string Version = "3.0.0";

    /// <summary>File name of the schema in the repository and in the embedded resources.</summary>
    public const string FileName = "telemetry-v3.schema.json";

    private const string ResourceName = "DotnetTelemetry.Schema." + FileName;

    private static readonly Lazy<string> SchemaText = new(() =>
    {
        using var stream = typeof(TelemetrySchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {typeof(TelemetrySchema).Assembly.FullName}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The JSON Schema (draft 2020-12) of one telemetry v3 event.</summary>
    public static string Json => SchemaText.Value;
}
