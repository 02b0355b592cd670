namespace DotnetTelemetry.Probes;

/// <summary>
/// What one <see cref="EventRecord"/> describes. The order matches <c>DotnetTelemetry.Schema.EventType</c>
/// value for value (Probes references nothing but the BCL, so the agent maps by number).
/// Append new kinds at the end only: woven assemblies and the agent depend on these numbers.
/// </summary>
public enum EventKind : byte
{
    /// <summary>A woven method was entered; <see cref="EventRecord.SpanId"/> is the call's new span.</summary>
    FunctionEntry = 0,
    /// <summary>A woven method returned or threw; carries the duration and, when it threw, the exception as payload.</summary>
    FunctionExit = 1,
    /// <summary>An HTTP request (client or server); payload defined by the agent.</summary>
    HttpRequest = 2,
    /// <summary>An HTTP response (client or server); payload defined by the agent.</summary>
    HttpResponse = 3,
    /// <summary>A woven variable assignment; the value is the payload or <see cref="EventRecord.Argument"/>.</summary>
    VariableChange = 4,
    /// <summary>A woven loop was entered.</summary>
    LoopEntry = 5,
    /// <summary>A woven loop was left; <see cref="EventRecord.Argument"/> holds the iteration count when known.</summary>
    LoopExit = 6,
    /// <summary>A branch of a woven conditional was entered; <see cref="EventRecord.Argument"/> holds the branch number.</summary>
    ConditionalEntry = 7,
    /// <summary>A branch of a woven conditional was left.</summary>
    ConditionalExit = 8,
    /// <summary>An exception was thrown (first chance); payload is the <see cref="Exception"/>.</summary>
    ExceptionEntry = 9,
    /// <summary>An exception was caught or reached the top unhandled; payload is the <see cref="Exception"/>.</summary>
    ExceptionExit = 10,
    /// <summary>Self-telemetry of the agent; payload defined by the agent.</summary>
    AgentStatus = 11,
}
