using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using DotnetTelemetry.Agent.Internal;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Agent.Exceptions;

/// <summary>
/// <c>exception_entry</c> on every first-chance exception and <c>exception_exit</c> when its flight ends.
/// </summary>
/// <remarks>
/// How "caught" is detected, cheaply and without an EventPipe session: a thread has at most one exception in
/// flight. When the same thread throws again, the previous one ended (caught, or replaced by the new one): its
/// exit is emitted right then, in the same span. An exception whose thread stays quiet is declared caught once
/// <see cref="GracePeriod"/> has passed without the runtime reporting it unhandled (an unhandled exception ends
/// the process within milliseconds), and at process exit. <c>AppDomain.UnhandledException</c> gives the exit of
/// an unhandled one directly. The exit's timestamp is the moment of detection, so it is an upper bound of the
/// catch time.
/// </remarks>
internal sealed class ExceptionListener : IDisposable
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromMilliseconds(250);

    // Concurrent, not a Dictionary under one lock: every throw on every app thread touches it, and a process-wide
    // lock there would serialise throwing threads (and make them wait on the drain thread's sweep).
    private readonly ConcurrentDictionary<int, InFlight> _inFlight = new();
    private readonly long _graceTicks = (long)(GracePeriod.TotalSeconds * Stopwatch.Frequency);
    private readonly bool _captureThrowStack;
    private bool _started;

    /// <param name="captureThrowStack">
    /// Also walk the stack at each throw. Without it the stack trace is the exception's own (throw site to the
    /// catching frame, as .NET prints it), read on the drain thread; with it, the callers above the catch as well.
    /// </param>
    public ExceptionListener(bool captureThrowStack = false)
    {
        _captureThrowStack = captureThrowStack;
    }

    [ThreadStatic]
    private static bool t_inHandler;

    public void Start()
    {
        AppDomain.CurrentDomain.FirstChanceException += OnFirstChance;
        _started = true;
    }

    public void Dispose()
    {
        if (_started)
        {
            AppDomain.CurrentDomain.FirstChanceException -= OnFirstChance;
            _started = false;
        }
    }

    private void OnFirstChance(object? sender, FirstChanceExceptionEventArgs args)
    {
        // Our own exceptions are not the app's: those of agent threads and of agent work on app threads (AgentCode),
        // anything thrown while we handle one, and those thrown by agent code wherever it runs (AgentAssemblies:
        // the method that threw is in the agent's load context, as for a dependency's probe on an unmarked thread).
        if (t_inHandler || AgentCode.IsActive)
        {
            return;
        }
        t_inHandler = true;
        try
        {
            var exception = args.Exception;
            int thread = Environment.CurrentManagedThreadId;
            InFlight? previous;
            var context = TraceContexts.CurrentOrNewRoot();
            // Asked only of throws that would be recorded (it costs a reflection lookup per throw).
            if (context.IsSampled && AgentAssemblies.Threw(exception))
            {
                return;
            }
            _inFlight.TryRemove(thread, out previous);
            if (previous is not null)
            {
                Emit(EventKind.ExceptionExit, previous.Context, new ExceptionPayload(previous.Exception, null, ExceptionEnd.NextThrow));
            }
            if (!context.IsSampled)
            {
                return;
            }
            // Opt-in: the whole call stack at the throw (the frames above the catch too) costs a stack walk per throw.
            var throwSite = _captureThrowStack ? new StackTrace(1, fNeedFileInfo: false) : null;
            if (Emit(EventKind.ExceptionEntry, context, new ExceptionPayload(exception, throwSite, ExceptionEnd.None)))
            {
                _inFlight[thread] = new InFlight(exception, context, Stopwatch.GetTimestamp());
            }
        }
        catch
        {
            // never let an exception escape into the app's throw
        }
        finally
        {
            t_inHandler = false;
        }
    }

    /// <summary>The exit of an unhandled exception (called from the agent's UnhandledException handler).</summary>
    public void OnUnhandled(Exception exception)
    {
        try
        {
            // The same object may be in flight on two threads (thrown in an async method, rethrown by the
            // awaiter): the one that went unhandled is the one on this thread. Removing the exact pair means a
            // concurrent sweep or throw that got there first wins, and the exit is emitted once.
            InFlight? flight = null;
            int current = Environment.CurrentManagedThreadId;
            if (_inFlight.TryGetValue(current, out var own) && ReferenceEquals(own.Exception, exception)
                && _inFlight.TryRemove(KeyValuePair.Create(current, own)))
            {
                flight = own;
            }
            else
            {
                foreach (var (thread, candidate) in _inFlight)
                {
                    if (ReferenceEquals(candidate.Exception, exception) && _inFlight.TryRemove(KeyValuePair.Create(thread, candidate)))
                    {
                        flight = candidate;
                        break;
                    }
                }
            }
            var context = flight?.Context ?? TraceContexts.CurrentOrNewRoot();
            Emit(EventKind.ExceptionExit, context, new ExceptionPayload(exception, null, ExceptionEnd.Unhandled));
        }
        catch
        {
        }
    }

    /// <summary>Emits the exits of exceptions in flight for longer than the grace period (all of them when <paramref name="all"/>).</summary>
    public void SweepCaught(bool all = false)
    {
        List<InFlight>? ended = null;
        long now = Stopwatch.GetTimestamp();
        if (_inFlight.IsEmpty)
        {
            return;
        }
        foreach (var pair in _inFlight)
        {
            // Removing the exact pair: if the thread threw again meanwhile, its new exception stays in flight.
            if ((all || now - pair.Value.ThrownAt >= _graceTicks) && _inFlight.TryRemove(pair))
            {
                (ended ??= new()).Add(pair.Value);
            }
        }
        if (ended is null)
        {
            return;
        }
        foreach (var flight in ended)
        {
            Emit(EventKind.ExceptionExit, flight.Context, new ExceptionPayload(flight.Exception, null, all ? ExceptionEnd.ProcessExit : ExceptionEnd.GracePeriod));
        }
    }

    private static bool Emit(EventKind kind, in SpanContext context, ExceptionPayload payload)
        => ProbeRuntime.Emit(kind, context, payload, argument: (long)payload.End);

    private sealed record InFlight(Exception Exception, SpanContext Context, long ThrownAt);
}
