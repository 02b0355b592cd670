using System.Diagnostics.Tracing;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// The agent's channel to <c>dotnet-telemetry attach</c>: every telemetry event as one NDJSON line
/// over EventPipe. The session's provider arguments are the control channel: enabling the provider
/// (a CLI attached) and disabling it (the CLI detached) are reported to <see cref="Attached"/> and
/// <see cref="Detached"/>, so the agent can apply the CLI's filters and go quiet when it leaves.
/// </summary>
[EventSource(Name = ProviderName)]
internal sealed class TelemetryEventSource : EventSource
{
    public const string ProviderName = "DotnetTelemetry-Agent";
    public const int TelemetryEventId = 1;
    public const int StatusEventId = 2;

    public static readonly TelemetryEventSource Log = new();

    private TelemetryEventSource()
        : base(EventSourceSettings.EtwSelfDescribingEventFormat)
    {
    }

    /// <summary>A session enabled the provider; its arguments (filters, ...) are passed on.</summary>
    public static event Action<IReadOnlyDictionary<string, string?>>? Attached;

    /// <summary>The last session disabled the provider.</summary>
    public static event Action? Detached;

    /// <summary>One telemetry v3 event as a JSON line.</summary>
    [Event(TelemetryEventId, Level = EventLevel.Informational)]
    public void Telemetry(string line) => WriteEvent(TelemetryEventId, line);

    /// <summary>A line about the agent itself (weaving reports, problems), for the CLI's stderr.</summary>
    [Event(StatusEventId, Level = EventLevel.Informational)]
    public void Status(string message) => WriteEvent(StatusEventId, message);

    protected override void OnEventCommand(EventCommandEventArgs command)
    {
        try
        {
            if (command.Command == EventCommand.Enable)
            {
                var arguments = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                if (command.Arguments is not null)
                {
                    foreach (var (key, value) in command.Arguments)
                    {
                        arguments[key] = value;
                    }
                }
                Attached?.Invoke(arguments);
            }
            else if (command.Command == EventCommand.Disable && !IsEnabled())
            {
                Detached?.Invoke();
            }
        }
        catch
        {
            // A control callback must never fail the session (or the app).
        }
    }
}
