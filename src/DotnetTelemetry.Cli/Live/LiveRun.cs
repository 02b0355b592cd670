using System.ComponentModel;
using System.Diagnostics;
using DotnetTelemetry.Cli.Report;
using DotnetTelemetry.Cli.Run;

namespace DotnetTelemetry.Cli.Live;

/// <summary>
/// `run --live`: the child writes its events to a file the view follows, and its stdout/stderr to a log file (the
/// terminal is the view's). `q` and Ctrl+C send the child SIGINT, as Ctrl+C would without the view; the view closes
/// when the child has exited, and `run` returns its exit code.
/// </summary>
internal static class LiveRun
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static int Run(LaunchPlan plan, string eventsFile, string appLog)
    {
        var view = new LiveView($"dotnet-telemetry run --live: {plan.Program} (app output: {appLog})");
        using var signals = new SignalForwarder();
        Process child;
        try
        {
            child = Process.Start(ChildProcess.StartInfo(plan, redirect: true)) ?? throw new Win32Exception("no process started");
        }
        catch (Win32Exception e)
        {
            Console.Error.WriteLine($"dotnet-telemetry run: cannot start '{plan.Program}': {e.Message}");
            return ChildProcess.CannotStart;
        }
        using (child)
        using (var log = new StreamWriter(appLog) { AutoFlush = true })
        {
            signals.Attach(child);
            child.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
            child.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            return view.RunAsync(async quit =>
            {
                using var interrupt = quit.Register(signals.Interrupt);
                long position = 0;
                while (!child.HasExited)
                {
                    position = Follow(eventsFile, position, view.Stats);
                    await Task.WhenAny(child.WaitForExitAsync(), Task.Delay(Poll)).ConfigureAwait(false);
                }
                Follow(eventsFile, position, view.Stats);
                return child.ExitCode;
            }, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    /// <summary>Reads the complete lines past <paramref name="position"/>; a file shorter than that was rotated, so it starts over.</summary>
    private static long Follow(string path, long position, LiveStats stats)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < position) position = 0;
            stream.Position = position;
            var rest = new byte[stream.Length - position];
            int read = stream.ReadAtLeast(rest, rest.Length, throwOnEndOfStream: false);
            int end = rest.AsSpan(0, read).LastIndexOf((byte)'\n');
            if (end < 0) return position;
            using var complete = new MemoryStream(rest, 0, end + 1, writable: false);
            NdjsonLines.Read(complete, (line, _) => stats.Add(line));
            return position + end + 1;
        }
        catch (FileNotFoundException)
        {
            return position; // the agent has not written its first event yet
        }
    }
}
