using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp.Mapping;

/// <summary>Severity numbers and texts of the OpenTelemetry log data model.</summary>
internal static class SeverityNumbers
{
    public static int Of(Severity severity) => severity switch
    {
        Severity.Trace => 1,
        Severity.Debug => 5,
        Severity.Info => 9,
        Severity.Warn => 13,
        Severity.Error => 17,
        _ => 0,
    };

    public static string TextOf(Severity severity) => severity switch
    {
        Severity.Trace => "TRACE",
        Severity.Debug => "DEBUG",
        Severity.Info => "INFO",
        Severity.Warn => "WARN",
        Severity.Error => "ERROR",
        _ => "UNSPECIFIED",
    };
}
