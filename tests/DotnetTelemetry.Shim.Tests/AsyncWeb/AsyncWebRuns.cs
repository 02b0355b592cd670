using System.Collections.Concurrent;

namespace DotnetTelemetry.Shim.Tests.AsyncWeb;

/// <summary>
/// Each way in runs the sample once per test class, on first use, and every test of that way reads the same run
/// (so a failure names the property and the way without rerunning anything). A run that fails to start fails every
/// test of its way with the same message.
/// </summary>
public sealed class AsyncWebRuns : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("dt-asyncweb-").FullName;
    private readonly ConcurrentDictionary<AsyncWebWay, Lazy<AsyncWebRun>> _runs = new();

    internal AsyncWebRun Get(AsyncWebWay way)
        => _runs.GetOrAdd(way, w => new Lazy<AsyncWebRun>(() => AsyncWebLauncher.Run(w, Path.Combine(_work, w.ToString())))).Value;

    internal AsyncWebTrace Trace(AsyncWebWay way) => new(Get(way));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
