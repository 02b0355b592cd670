namespace DotnetTelemetry.Otlp.Ecs;

/// <summary>
/// ECS output settings. Datadog log correlation (<c>dd.*</c> fields) is on when
/// <c>DOTNET_TELEMETRY_DATADOG=true</c>, off when it is <c>false</c>, and otherwise on exactly when one of
/// DD_SERVICE, DD_ENV, DD_VERSION, DD_AGENT_HOST or DD_TRACE_AGENT_URL is set (a Datadog setup is present).
/// </summary>
public sealed class EcsOptions
{
    /// <summary>The ECS version whose fields and allowed values we write (checked against npm @elastic/ecs 9.4.0).</summary>
    public const string EcsVersion = "9.4.0";

    private static readonly string[] DatadogPresenceVariables = { "DD_SERVICE", "DD_ENV", "DD_VERSION", "DD_AGENT_HOST", "DD_TRACE_AGENT_URL" };

    public bool DatadogCorrelation { get; set; }
    /// <summary>dd.service; when null, service.name.</summary>
    public string? DatadogService { get; set; }
    /// <summary>dd.env; when null, the deployment environment.</summary>
    public string? DatadogEnv { get; set; }
    /// <summary>dd.version; when null, service.version.</summary>
    public string? DatadogVersion { get; set; }

    public List<string> Errors { get; } = new();

    public static EcsOptions FromEnvironment() => Parse(Environment.GetEnvironmentVariable);

    public static EcsOptions Parse(Func<string, string?> getVariable)
    {
        string? Get(string name) => getVariable(name) is { } value && value.Trim().Length > 0 ? value.Trim() : null;
        var options = new EcsOptions
        {
            DatadogService = Get("DD_SERVICE"),
            DatadogEnv = Get("DD_ENV"),
            DatadogVersion = Get("DD_VERSION"),
        };
        bool datadogPresent = DatadogPresenceVariables.Any(name => Get(name) is not null);
        switch (Get("DOTNET_TELEMETRY_DATADOG")?.ToLowerInvariant())
        {
            case null:
                options.DatadogCorrelation = datadogPresent;
                break;
            case "true" or "1" or "yes" or "on":
                options.DatadogCorrelation = true;
                break;
            case "false" or "0" or "no" or "off":
                options.DatadogCorrelation = false;
                break;
            case var other:
                options.Errors.Add($"DOTNET_TELEMETRY_DATADOG=\"{other}\" is not true or false; Datadog fields {(datadogPresent ? "on (DD_* variables are set)" : "off")}.");
                options.DatadogCorrelation = datadogPresent;
                break;
        }
        return options;
    }
}
