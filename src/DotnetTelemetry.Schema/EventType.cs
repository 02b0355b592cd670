namespace DotnetTelemetry.Schema;

/// <summary>The <c>event_type</c> values of telemetry v3 (the seed's eleven, plus the agent's own status event).</summary>
public enum EventType : byte
{
    FunctionEntry,
    FunctionExit,
    HttpRequest,
    HttpResponse,
    VariableChange,
    LoopEntry,
    LoopExit,
    ConditionalEntry,
    ConditionalExit,
    ExceptionEntry,
    ExceptionExit,
    /// <summary>Self-telemetry of the agent (exported/dropped counts). An extension of the seed's list, documented in the README.</summary>
    AgentStatus,
}

/// <summary>The <c>severity</c> values of telemetry v3.</summary>
public enum Severity : byte
{
    Trace,
    Debug,
    Info,
    Warn,
    Error,
}
