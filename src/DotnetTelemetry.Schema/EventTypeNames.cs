namespace DotnetTelemetry.Schema;

/// <summary>
/// The wire spellings of <see cref="EventType"/> and <see cref="Severity"/>, and the v3 <c>event</c> block
/// (category and type) each event type maps to. One table, so the writer, reader, schema and docs agree.
/// </summary>
public static class EventTypeNames
{
    // Indexed by (int)EventType. The v3 proposal's ECS_CATEGORY_MAP gives the first seven pairs; it leaves
    // loops, conditionals and the agent's status event out, so we choose: loops and conditionals are code
    // regions that start and end like a function; the status event is informational.
    private static readonly (string Name, string Category, string Type)[] Table =
    {
        ("function_entry", "code", "start"),
        ("function_exit", "code", "end"),
        ("http_request", "network", "start"),
        ("http_response", "network", "end"),
        ("variable_change", "code", "change"),
        ("loop_entry", "code", "start"),
        ("loop_exit", "code", "end"),
        ("conditional_entry", "code", "start"),
        ("conditional_exit", "code", "end"),
        ("exception_entry", "error", "start"),
        ("exception_exit", "error", "end"),
        ("agent_status", "agent", "info"),
    };

    private static readonly string[] SeverityNames = { "TRACE", "DEBUG", "INFO", "WARN", "ERROR" };

    /// <summary>Every event type, in enum order.</summary>
    public static IReadOnlyList<EventType> All { get; } = Enum.GetValues<EventType>();

    /// <summary>The <c>event_type</c> spelling, e.g. "function_exit".</summary>
    public static string ToWireName(this EventType eventType) => Table[(int)eventType].Name;

    /// <summary>The <c>event.category</c> value: code, network, error or agent.</summary>
    public static string Category(this EventType eventType) => Table[(int)eventType].Category;

    /// <summary>The <c>event.type</c> value: start, end, change or info.</summary>
    public static string EcsType(this EventType eventType) => Table[(int)eventType].Type;

    /// <summary>The <c>severity</c> spelling, e.g. "INFO".</summary>
    public static string ToWireName(this Severity severity) => SeverityNames[(int)severity];

    public static bool TryParseEventType(string? text, out EventType eventType)
    {
        for (var i = 0; i < Table.Length; i++)
        {
            if (string.Equals(Table[i].Name, text, StringComparison.Ordinal))
            {
                eventType = (EventType)i;
                return true;
            }
        }
        eventType = default;
        return false;
    }

    public static bool TryParseSeverity(string? text, out Severity severity)
    {
        for (var i = 0; i < SeverityNames.Length; i++)
        {
            if (string.Equals(SeverityNames[i], text, StringComparison.Ordinal))
            {
                severity = (Severity)i;
                return true;
            }
        }
        severity = default;
        return false;
    }
}
