namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// Where profiler mode reports: <see cref="Info"/> for what it did (per-module summaries),
/// <see cref="Problem"/> for what went wrong (a module or method left as it was, mode off).
/// A plain <c>Action&lt;string&gt;</c> converts to a log that sends both to the same place.
/// </summary>
internal sealed record WeaveLog(Action<string> Info, Action<string> Problem)
{
    public static implicit operator WeaveLog(Action<string> log) => new(log, log);
}
