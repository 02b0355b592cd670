using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp.Ecs;

/// <summary>
/// ECS categorisation of each event type, using only ECS's allowed values and only event.type values
/// that ECS expects for the chosen event.category:
/// code events are "api" calls inside the process (start/end/info/change), server HTTP is "web"
/// (info on the request, access — or error on 5xx — on the response), client HTTP is "network"
/// (start/end), the agent's own status is "process" info.
/// </summary>
internal readonly record struct EcsCategorization(string Category, string Type, string? ExtraType, string? Outcome)
{
    public static EcsCategorization Of(TelemetryEvent e)
    {
        bool server = IsServer(e);
        return e.EventType switch
        {
            EventType.FunctionEntry => new("api", "start", null, null),
            EventType.FunctionExit => new("api", "end", null, e.Error is null ? "success" : "failure"),
            EventType.HttpRequest => server ? new("web", "info", null, null) : new("network", "start", null, null),
            EventType.HttpResponse => HttpResponse(e, server),
            EventType.ExceptionEntry => new("api", "info", null, "failure"),
            EventType.ExceptionExit => new("api", "info", null, null),
            EventType.VariableChange => new("api", "change", null, null),
            EventType.LoopEntry or EventType.ConditionalEntry => new("api", "start", null, null),
            EventType.LoopExit or EventType.ConditionalExit => new("api", "end", null, null),
            EventType.AgentStatus => new("process", "info", null, null),
            _ => new("api", "info", null, null),
        };
    }

    private static EcsCategorization HttpResponse(TelemetryEvent e, bool server)
    {
        int status = e.HttpResponse?.StatusCode ?? 0;
        bool failed = e.Error is not null || (server ? status >= 500 : status >= 400);
        string outcome = status == 0 && e.Error is null ? "unknown" : failed ? "failure" : "success";
        return server
            ? new("web", "access", failed ? "error" : null, outcome)
            : new("network", "end", null, outcome);
    }

    private static bool IsServer(TelemetryEvent e) =>
        string.Equals(e.HttpRequest?.Kind, "server", StringComparison.OrdinalIgnoreCase);
}
