using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp.Mapping;

/// <summary>The telemetry v3 <c>event_type</c> spelling of each <see cref="EventType"/>.</summary>
internal static class EventTypeNames
{
    public static string Of(EventType type) => type switch
    {
        EventType.FunctionEntry => "function_entry",
        EventType.FunctionExit => "function_exit",
        EventType.HttpRequest => "http_request",
        EventType.HttpResponse => "http_response",
        EventType.VariableChange => "variable_change",
        EventType.LoopEntry => "loop_entry",
        EventType.LoopExit => "loop_exit",
        EventType.ConditionalEntry => "conditional_entry",
        EventType.ConditionalExit => "conditional_exit",
        EventType.ExceptionEntry => "exception_entry",
        EventType.ExceptionExit => "exception_exit",
        EventType.AgentStatus => "agent_status",
        _ => type.ToString(),
    };
}

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
