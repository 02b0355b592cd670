namespace DotnetTelemetry.Agent.Sinks;

/// <summary>
/// Counts a sink's failures and tells the user about the first one, once, on stderr. The app never hears of it.
/// </summary>
internal sealed class SinkFailureReporter(string sinkName, TextWriter? diagnostics = null)
{
    private int _reported;

    public long Failures { get; private set; }

    public void Report(Exception failure)
    {
        Failures++;
        if (Interlocked.Exchange(ref _reported, 1) != 0)
        {
            return;
        }
        try
        {
            (diagnostics ?? Console.Error).WriteLine($"dotnet-telemetry: output {sinkName} failed ({failure.GetType().Name}: {failure.Message}); its events are dropped and counted, the app is unaffected");
        }
        catch
        {
            // stderr itself is gone: the counters still tell the story
        }
    }
}
