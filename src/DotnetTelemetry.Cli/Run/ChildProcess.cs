using System.ComponentModel;
using System.Diagnostics;

namespace DotnetTelemetry.Cli.Run;

/// <summary>
/// Starts the child with our stdin, stdout and stderr (inherited handles, no pipes in between), forwards
/// SIGINT and SIGTERM to it (<see cref="SignalForwarder"/>), waits, and returns its exit code (128 + signal when a signal ended it).
/// </summary>
internal static class ChildProcess
{
    public const int CannotStart = 127;

    public static int Run(LaunchPlan plan)
    {
        var startInfo = StartInfo(plan, redirect: false);

        using var signals = new SignalForwarder();
        Process child;
        try
        {
            child = Process.Start(startInfo) ?? throw new Win32Exception("no process started");
        }
        catch (Win32Exception e)
        {
            Console.Error.WriteLine($"dotnet-telemetry run: cannot start '{plan.Program}': {e.Message}");
            return CannotStart;
        }

        using (child)
        {
            signals.Attach(child);
            child.WaitForExit();
            return child.ExitCode;
        }
    }

    /// <summary>The child's program, arguments and environment; with <paramref name="redirect"/> its standard streams are pipes (the live view owns the terminal).</summary>
    public static ProcessStartInfo StartInfo(LaunchPlan plan, bool redirect)
    {
        var startInfo = new ProcessStartInfo(plan.Program)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirect,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
        };
        foreach (string argument in plan.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in plan.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }
        return startInfo;
    }
}
