using System.Diagnostics.Tracing;
using System.Text;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace DotnetTelemetry.Cli.Attach;

/// <summary>
/// One attach, in the order of DESIGN "Attach, in order": the EventPipe session first (so the agent's
/// event source is listened to from its first event), then AttachProfiler (function events), then
/// ApplyStartupHook (the agent), then stream until Ctrl+C, --duration or the target's exit. Closing
/// the session disables the agent's event source, which is the agent's signal to go quiet.
/// </summary>
internal sealed class AttachSession
{
    /// <summary>The agent's EventSource (DotnetTelemetry.Agent.Native.TelemetryEventSource).</summary>
    public const string AgentProvider = "DotnetTelemetry-Agent";
    private const string TelemetryEventName = "Telemetry";
    private const string StatusEventName = "Status";
    private static readonly Guid ProfilerClsid = new("70BAAC33-8E8A-4A74-B541-49CC4129C97A");

    private readonly AttachOptions _options;
    private readonly AttachOutput _output;
    private readonly TextWriter _diagnostics;
    private long _events;

    public AttachSession(AttachOptions options, AttachOutput output, TextWriter diagnostics)
    {
        _options = options;
        _output = output;
        _diagnostics = diagnostics;
    }

    /// <summary>Events written so far.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <returns>0 stopped by the user or the duration; 1 the attach failed; 3 the target exited while attached.</returns>
    public async Task<int> RunAsync(AttachPreflight preflight, CancellationToken cancellation)
    {
        int pid = _options.Pid;
        var client = new DiagnosticsClient(pid);
        EventPipeSession session;
        try
        {
            session = client.StartEventPipeSession(Providers(), requestRundown: false, circularBufferMB: 64);
        }
        catch (Exception e)
        {
            return Fail($"cannot open an EventPipe session with process {pid}: {Describe(e)}");
        }

        EventPipeEventSource? source = null;
        try
        {
            source = new EventPipeEventSource(session.EventStream);
            source.Dynamic.All += OnEvent;
            var reading = Task.Factory.StartNew(() => source.Process(), TaskCreationOptions.LongRunning);

            if (preflight.ProfilerNote is { } note)
            {
                _diagnostics.WriteLine($"dotnet-telemetry attach: {note}");
            }
            if (preflight.CanAttachProfiler)
            {
                try
                {
                    byte[] clientData = Encoding.UTF8.GetBytes($"include={_options.Include}\nexclude={_options.Exclude}\n");
                    client.AttachProfiler(TimeSpan.FromSeconds(10), ProfilerClsid, Path.Combine(_options.Home, AgentHome.ShimRelative), clientData);
                }
                catch (Exception e) when (ProcessExists(pid))
                {
                    _diagnostics.WriteLine($"dotnet-telemetry attach: the profiler could not attach ({Describe(e)}): runtime events only, no function events");
                }
                catch (Exception e)
                {
                    return Fail($"process {pid} went away during attach ({Describe(e)})");
                }
            }
            try
            {
                // The agent reads its configuration from the environment: tell it that it runs
                // attached (EventPipe only, never the app's stdout) and which methods to weave.
                client.SetEnvironmentVariable("DOTNET_TELEMETRY_ATTACHED", "1");
                client.SetEnvironmentVariable("DOTNET_TELEMETRY_INCLUDE", _options.Include);
                client.SetEnvironmentVariable("DOTNET_TELEMETRY_EXCLUDE", _options.Exclude);
                client.ApplyStartupHook(Path.Combine(_options.Home, AgentHome.StartupHookRelative));
            }
            catch (Exception e)
            {
                return Fail(ProcessExists(pid)
                    ? $"loading the agent into process {pid} failed: {Describe(e)}"
                    : $"process {pid} went away during attach ({Describe(e)})");
            }
            _diagnostics.WriteLine($"dotnet-telemetry attach: attached to {pid}; Ctrl+C to detach");

            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = cancellation.Register(() => stop.TrySetResult());
            var timeout = _options.Duration is { } duration ? Task.Delay(duration, CancellationToken.None) : Task.Delay(Timeout.Infinite, CancellationToken.None);
            var finished = await Task.WhenAny(stop.Task, timeout, reading).ConfigureAwait(false);
            if (finished == reading)
            {
                FlushQuietly();
                if (await HasExitedAsync(pid).ConfigureAwait(false))
                {
                    _diagnostics.WriteLine($"dotnet-telemetry attach: process {pid} exited ({Events} events)");
                    return 3;
                }
                return Fail($"the EventPipe session with process {pid} ended unexpectedly (process state: {ProcessState(pid)})");
            }
            StopQuietly(session);
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
            FlushQuietly();
            _diagnostics.WriteLine($"dotnet-telemetry attach: detached from {pid} ({Events} events)");
            return 0;
        }
        finally
        {
            CloseBounded(session, source);
        }
    }

    private IEnumerable<EventPipeProvider> Providers()
    {
        var arguments = new Dictionary<string, string>
        {
            ["include"] = _options.Include,
            ["exclude"] = _options.Exclude,
            ["functions"] = _options.FunctionEvents ? "true" : "false",
        };
        yield return new EventPipeProvider(AgentProvider, EventLevel.Informational, -1, arguments);
    }

    private void OnEvent(TraceEvent data)
    {
        if (data.ProviderName != AgentProvider)
        {
            return;
        }
        try
        {
            // By name: the self-describing event format numbers events its own way.
            if (data.EventName == TelemetryEventName && data.PayloadValue(0) is string line)
            {
                lock (_output)
                {
                    _output.Write(line);
                }
                Interlocked.Increment(ref _events);
            }
            else if (data.EventName == StatusEventName && data.PayloadValue(0) is string status)
            {
                _diagnostics.WriteLine($"dotnet-telemetry attach: agent: {status}");
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // output closed (a pipe reader went away): nothing more to write
        }
    }

    /// <summary>
    /// Closes the session, then the reader: closing the stream first unblocks a reader still waiting
    /// for data. Bounded, so a stuck target can never hold the CLI.
    /// </summary>
    private static void CloseBounded(EventPipeSession session, EventPipeEventSource? source)
    {
        var closing = Task.Run(() =>
        {
            try
            {
                session.Dispose();
            }
            catch
            {
            }
            try
            {
                source?.Dispose();
            }
            catch
            {
            }
        });
        closing.Wait(TimeSpan.FromSeconds(5));
    }

    private void FlushQuietly()
    {
        try
        {
            lock (_output)
            {
                _output.Flush();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Ends the session (bounded: an unresponsive target cannot hold the CLI).</summary>
    private static void StopQuietly(EventPipeSession session)
    {
        var stopping = Task.Run(() =>
        {
            try
            {
                session.Stop();
            }
            catch
            {
                // the target is gone or the session already ended
            }
        });
        stopping.Wait(TimeSpan.FromSeconds(10));
    }

    private int Fail(string message)
    {
        _diagnostics.WriteLine($"dotnet-telemetry attach: {message}");
        return 1;
    }

    /// <summary>The session's stream ends a moment before a dying process is gone from /proc: wait a little.</summary>
    private static async Task<bool> HasExitedAsync(int pid)
    {
        for (int attempt = 0; attempt < 30; attempt++)
        {
            if (!ProcessExists(pid))
            {
                return true;
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
        return false;
    }

    private static string ProcessState(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(' ').Skip(2).FirstOrDefault() ?? "?";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "gone";
        }
    }

    /// <summary>Alive: /proc has it and it is not a zombie waiting for its parent to reap it.</summary>
    internal static bool ProcessExists(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            char state = close > 0 && close + 2 < stat.Length ? stat[close + 2] : '?';
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";
}
