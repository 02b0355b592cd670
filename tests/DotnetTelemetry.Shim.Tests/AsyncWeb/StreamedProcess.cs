using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DotnetTelemetry.Shim.Tests.AsyncWeb;

/// <summary>
/// A long-running child process whose stdout and stderr lines are collected while it runs, that can be waited on
/// line by line and stopped by a signal (so the agent's exit flush, or the attach CLI's detach, runs). Started
/// with none of the test host's agent or profiler variables: only those the caller gives. Killed on dispose.
/// </summary>
internal sealed class StreamedProcess : IDisposable
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly string _description;

    public StreamedProcess(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (string name in start.Environment.Keys.Where(IsAgentVariable).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        _description = $"{program} {string.Join(' ', start.ArgumentList)}";
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + _description);
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _stdout.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> StdoutLines => _stdout.ToArray();

    public IReadOnlyList<string> StderrLines => _stderr.ToArray();

    /// <summary>Waits (bounded) until a line of stdout or stderr satisfies the condition; false on timeout or exit.</summary>
    public bool WaitFor(Func<IReadOnlyList<string>, bool> condition, bool stderr, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (condition(stderr ? StderrLines : StdoutLines))
            {
                return true;
            }
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drains the readers, then one last look
                return condition(stderr ? StderrLines : StdoutLines);
            }
            Thread.Sleep(50);
        }
        return false;
    }

    /// <summary>Sends the signal, waits for the exit (killing the tree after the timeout); true when it exited by itself.</summary>
    public bool Stop(int signal, TimeSpan timeout)
    {
        if (!_process.HasExited && kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        bool exited = _process.WaitForExit(timeout);
        if (!exited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit(); // drains the asynchronous readers
        return exited;
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>The command and everything it printed, for failure messages.</summary>
    public string Describe()
    {
        var stdout = StdoutLines;
        return $"{_description}\n--- stdout ({stdout.Count} lines, the last ones cut at 300 characters) ---\n"
            + string.Join('\n', stdout.TakeLast(5).Select(l => l.Length > 300 ? l[..300] + "..." : l))
            + $"\n--- stderr ---\n{string.Join('\n', StderrLines.TakeLast(40))}";
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private static bool IsAgentVariable(string name)
        => name.StartsWith("DOTNET_TELEMETRY", StringComparison.Ordinal) || name.StartsWith("OTEL_", StringComparison.Ordinal)
            || name.StartsWith("CORECLR_", StringComparison.Ordinal) || name == "DOTNET_STARTUP_HOOKS";

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
