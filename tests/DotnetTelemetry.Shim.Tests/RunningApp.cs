using System.Collections.Concurrent;
using System.Diagnostics;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>
/// A sample app started with no dotnet-telemetry environment at all, whose output is collected while
/// it runs. Disposing it stops it (stdin closed, then killed if it lingers).
/// </summary>
internal sealed class RunningApp : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    public RunningApp(string dll, params string[] arguments)
        : this(new Dictionary<string, string>(), dll, arguments)
    {
    }

    /// <param name="environment">Variables set for the app on top of the cleaned environment (e.g. runtime knobs).</param>
    public RunningApp(IReadOnlyDictionary<string, string> environment, string dll, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("CORECLR_", StringComparison.Ordinal) || k.StartsWith("DOTNET_TELEMETRY", StringComparison.Ordinal) || k == "DOTNET_STARTUP_HOOKS").ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue("stderr: " + e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <summary>Waits until a line satisfies <paramref name="condition"/> (bounded).</summary>
    public bool WaitForLine(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.Any(condition))
            {
                return true;
            }
            Thread.Sleep(50);
        }
        return false;
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
