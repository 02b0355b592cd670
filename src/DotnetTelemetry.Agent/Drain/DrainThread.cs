using System.Diagnostics;
using DotnetTelemetry.Agent.Internal;
using DotnetTelemetry.Agent.Resources;
using DotnetTelemetry.Probes;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Drain;

/// <summary>
/// The one background thread that empties the probes' ring: reads records in sequence order, converts each
/// into the reused event, hands it to every sink, and flushes the sinks once per batch. When the ring is empty
/// it sleeps (1 ms doubling up to 50 ms), so an idle app costs a few wake-ups a second and no busy spin.
/// Also runs the periodic chores: the status event, the exception listener's grace-period sweep, and
/// recalibrating the probes' clock.
/// </summary>
internal sealed class DrainThread
{
    private const int BatchSize = 512;
    private const int MaxSleepMilliseconds = 50;
    private static readonly TimeSpan ClockRecalibration = TimeSpan.FromMinutes(5);

    private readonly Func<EventRing> _ring;
    private readonly ITelemetrySink[] _sinks; // arrays, not lists behind an interface: no enumerator allocated per event
    private readonly EventConverter _converter;
    private readonly ResourceDetector? _detector;
    /// <summary>Set once the cloud block's detection has ended, whatever its outcome.</summary>
    private readonly ManualResetEventSlim _cloudDetected = new(false);
    private readonly PeriodicChore[] _chores;
    private readonly EventRecord[] _records = new EventRecord[BatchSize];
    private readonly object?[] _payloads = new object?[BatchSize];
    private readonly TelemetryEvent _event = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly ManualResetEventSlim _stopped = new(false);
    private Thread? _thread;
    private volatile bool _stopping;
    private long _drainDeadlineTicks;

    public DrainThread(Func<EventRing> ring, IReadOnlyList<ITelemetrySink> sinks, EventConverter converter,
        ResourceDetector? detector, IReadOnlyList<PeriodicChore> chores)
    {
        _ring = ring;
        _sinks = sinks.ToArray();
        _converter = converter;
        _detector = detector;
        _chores = chores.Append(new PeriodicChore(ClockRecalibration, ProbeClock.Recalibrate)).ToArray();
    }

    /// <summary>Events handed to the sinks so far.</summary>
    public long Delivered { get; private set; }

    /// <summary>One past the ring position of the last event written and flushed to the sinks.</summary>
    private long _flushedThrough;

    /// <summary>
    /// Events recorded but not (yet) handed to the sinks and flushed: those in the ring and the batch a blocked sink
    /// holds. At exit, after <see cref="Stop"/>, what the process loses.
    /// </summary>
    public long Unflushed => _thread is null ? 0 : Math.Max(0, _ring().Written - Volatile.Read(ref _flushedThrough));

    public void Start()
    {
        // Do not let the app's ExecutionContext (AsyncLocals, Activity.Current) flow into the agent's thread.
        using (ExecutionContext.SuppressFlow())
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "dotnet-telemetry drain" };
            _thread.Start();
        }
    }

    /// <summary>
    /// Waits at most <paramref name="timeout"/> for the cloud block's detection to end (answered, failed or
    /// timed out). Called at exit before the last events are written, so that a process shorter than its
    /// metadata request still reports its cloud block once, in its final events. True when detection is over.
    /// </summary>
    public bool WaitForCloudDetection(TimeSpan timeout)
    {
        return _detector is null || _cloudDetected.Wait(timeout);
    }

    /// <summary>
    /// Drains what is in the ring, flushes and stops, waiting at most <paramref name="timeout"/>. Called at
    /// process exit; safe to call more than once and from any thread.
    /// </summary>
    public bool Stop(TimeSpan timeout)
    {
        if (_thread is null)
        {
            return true;
        }
        Volatile.Write(ref _drainDeadlineTicks, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));
        _stopping = true;
        _wake.Set();
        return _stopped.Wait(timeout);
    }

    /// <summary>
    /// Waits until everything written to the ring before this call is in the sinks (at most <paramref name="timeout"/>),
    /// without stopping anything: for a signal that may or may not end the process.
    /// </summary>
    public bool FlushPending(TimeSpan timeout)
    {
        if (_thread is null)
        {
            return true;
        }
        long target = _ring().Written;
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref _flushedThrough) < target)
        {
            if (deadline.Elapsed >= timeout || _stopped.IsSet)
            {
                return false;
            }
            _wake.Set();
            Thread.Sleep(2);
        }
        return true;
    }

    private void Run()
    {
        AgentCode.MarkAgentThread();
        try
        {
            DetectResource();
            int sleep = 1;
            while (!_stopping)
            {
                int count = DrainBatch();
                RunChores();
                if (count == 0)
                {
                    _wake.Wait(sleep);
                    _wake.Reset();
                    sleep = Math.Min(sleep * 2, MaxSleepMilliseconds);
                }
                else
                {
                    sleep = 1;
                }
            }
            // Final drain: everything already in the ring, until empty or the exit deadline.
            while (Stopwatch.GetTimestamp() < Volatile.Read(ref _drainDeadlineTicks) && DrainBatch() > 0)
            {
            }
        }
        catch (Exception e)
        {
            try
            {
                Console.Error.WriteLine($"dotnet-telemetry: the drain thread stopped ({e.GetType().Name}: {e.Message}); telemetry ends here, the app is unaffected");
            }
            catch
            {
            }
        }
        finally
        {
            FlushSinks(TimeSpan.FromMilliseconds(500));
            _stopped.Set();
        }
    }

    /// <summary>
    /// The local blocks here, before the first event is written; the cloud block on a thread of its own, so a
    /// slow metadata endpoint never holds events back (they get the cloud block once it is known).
    /// </summary>
    private void DetectResource()
    {
        if (_detector is null)
        {
            return;
        }
        ResourceInfo local;
        try
        {
            local = _detector.DetectLocal();
        }
        catch
        {
            local = new ResourceInfo();
        }
        _converter.Resource = local;
        var detector = _detector;
        var converter = _converter;
        var detected = _cloudDetected;
        using (ExecutionContext.SuppressFlow())
        {
            new Thread(() =>
            {
                AgentCode.MarkAgentThread();
                try
                {
                    if (detector.AddCloud(local) is { } withCloud)
                    {
                        converter.Resource = withCloud;
                    }
                }
                catch
                {
                    // no cloud block: the local ones stay
                }
                finally
                {
                    detected.Set();
                }
            })
            { IsBackground = true, Name = "dotnet-telemetry cloud detection" }.Start();
        }
    }

    /// <summary>Reads, converts and writes one batch; flushes the sinks after it. Returns the number of events.</summary>
    internal int DrainBatch()
    {
        int count = _ring().ReadBatch(_records, _payloads);
        if (count == 0)
        {
            return 0;
        }
        for (int i = 0; i < count; i++)
        {
            try
            {
                if (_records[i].Kind == EventKind.AgentStatus)
                {
                    // Its sink counters are read during conversion: make them cover every earlier event.
                    FlushSinks(TimeSpan.FromMilliseconds(200));
                }
                _converter.Convert(_records[i], _payloads[i], _event);
                WriteToEverySink(_event);
            }
            catch
            {
                // one bad event (a payload whose ToString misbehaves...) is skipped, the rest go on
            }
            finally
            {
                _payloads[i] = null; // let the app's objects go as soon as they are written
            }
        }
        Delivered += count;
        FlushSinks(TimeSpan.FromMilliseconds(200));
        Volatile.Write(ref _flushedThrough, _records[count - 1].Sequence + 1);
        return count;
    }

    /// <summary>Sinks fail independently: one that throws on an event costs that sink the event, never the others.</summary>
    private void WriteToEverySink(TelemetryEvent telemetryEvent)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Write(telemetryEvent);
            }
            catch
            {
                // the sink counts its own failures
            }
        }
    }

    private void RunChores()
    {
        foreach (var chore in _chores)
        {
            chore.RunIfDue();
        }
    }

    private void FlushSinks(TimeSpan timeout)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Flush(timeout);
            }
            catch
            {
                // sinks count their own failures; a throwing one must not stop the others
            }
        }
    }
}

/// <summary>Something the drain thread does every <see cref="Interval"/> (never on the app's threads).</summary>
internal sealed class PeriodicChore(TimeSpan interval, Action action)
{
    private long _nextTicks = Environment.TickCount64 + (long)interval.TotalMilliseconds;

    public TimeSpan Interval { get; } = interval;

    public void RunIfDue()
    {
        long now = Environment.TickCount64;
        if (Interval <= TimeSpan.Zero || now < _nextTicks)
        {
            return;
        }
        _nextTicks = now + (long)Interval.TotalMilliseconds;
        try
        {
            action();
        }
        catch
        {
        }
    }
}
