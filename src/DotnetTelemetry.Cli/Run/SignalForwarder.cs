using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DotnetTelemetry.Cli.Run;

/// <summary>
/// Keeps this process alive on SIGINT and SIGTERM and passes them on to the child, which decides how to stop.
/// Registered before the child starts, so a signal that arrives in between is held and delivered once the
/// child exists, instead of killing us and orphaning it.
/// </summary>
internal sealed class SignalForwarder : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly object _gate = new();
    private readonly List<PosixSignalRegistration> _registrations = new();
    private readonly List<int> _held = new();
    private Process? _child;

    public SignalForwarder()
    {
        if (OperatingSystem.IsWindows())
        {
            // Ctrl+C reaches every process of the console on Windows: just do not die before the child.
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true));
            return;
        }
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, SigInt)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, SigTerm)));
    }

    /// <summary>From now on signals go to <paramref name="child"/>; any held ones are delivered now.</summary>
    public void Attach(Process child)
    {
        lock (_gate)
        {
            _child = child;
            foreach (int signal in _held)
            {
                Send(child, signal);
            }
            _held.Clear();
        }
    }

    /// <summary>Sends SIGINT to the child, as Ctrl+C in its terminal would (the live view's `q`).</summary>
    public void Interrupt()
    {
        lock (_gate)
        {
            if (_child is not null)
            {
                Send(_child, SigInt);
            }
        }
    }

    private void OnSignal(PosixSignalContext context, int signal)
    {
        context.Cancel = true;
        lock (_gate)
        {
            if (_child is null)
            {
                _held.Add(signal);
            }
            else
            {
                Send(_child, signal);
            }
        }
    }

    private static void Send(Process child, int signal)
    {
        try
        {
            if (!child.HasExited)
            {
                _ = Kill(child.Id, signal);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
