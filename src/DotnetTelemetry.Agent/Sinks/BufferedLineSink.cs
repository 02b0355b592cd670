using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Sinks;

/// <summary>
/// The common part of the NDJSON sinks: formats each event into a reused buffer and hands whole buffers to
/// <see cref="WriteOut"/>. A failing destination drops the buffered events (counted), reports once, and is
/// retried after a pause, so a full disk that recovers starts receiving events again.
/// </summary>
internal abstract class BufferedLineSink : ITelemetrySink
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(5);

    private readonly ILineFormatter _formatter;
    private readonly SinkFailureReporter _failures;
    private byte[] _buffer;
    private int _length;
    private int _pendingEvents;
    private long _exported;
    private long _dropped;
    private long _retryAtTicks;

    protected BufferedLineSink(string name, ILineFormatter formatter, int bufferSize = 64 * 1024, TextWriter? diagnostics = null)
    {
        Name = name;
        _formatter = formatter;
        _buffer = new byte[bufferSize];
        _failures = new SinkFailureReporter(name, diagnostics);
    }

    public string Name { get; }

    public SinkCounters Counters => new(Volatile.Read(ref _exported), Volatile.Read(ref _dropped), _failures.Failures);

    public void Write(TelemetryEvent telemetryEvent)
    {
        if (Environment.TickCount64 < _retryAtTicks)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        ReadOnlySpan<byte> line;
        try
        {
            line = _formatter.Format(telemetryEvent);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _dropped);
            _failures.Report(e);
            return;
        }
        try
        {
            BeforeLine(line.Length);
        }
        catch (Exception e)
        {
            // e.g. rotation could not rename a file: this event is lost, the next ones try again
            Interlocked.Increment(ref _dropped);
            Fail(e);
            return;
        }
        if (_length + line.Length > _buffer.Length)
        {
            FlushBuffer();
            if (line.Length > _buffer.Length)
            {
                Array.Resize(ref _buffer, line.Length);
            }
        }
        line.CopyTo(_buffer.AsSpan(_length));
        _length += line.Length;
        _pendingEvents++;
    }

    public void Flush(TimeSpan timeout)
    {
        FlushBuffer();
        try
        {
            FlushDestination();
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    /// <summary>Bytes accepted but not yet handed to the destination.</summary>
    protected int BufferedBytes => _length;

    /// <summary>Called before a line of <paramref name="lineBytes"/> is buffered (file rotation decides here).</summary>
    protected virtual void BeforeLine(int lineBytes)
    {
    }

    /// <summary>Writes whole lines to the destination; throws on failure.</summary>
    protected abstract void WriteOut(ReadOnlySpan<byte> lines);

    protected abstract void FlushDestination();

    /// <summary>Hands the buffer to the destination now.</summary>
    protected void FlushBuffer()
    {
        if (_length == 0)
        {
            return;
        }
        try
        {
            WriteOut(_buffer.AsSpan(0, _length));
            Interlocked.Add(ref _exported, _pendingEvents);
        }
        catch (Exception e)
        {
            Interlocked.Add(ref _dropped, _pendingEvents);
            Fail(e);
        }
        finally
        {
            _length = 0;
            _pendingEvents = 0;
        }
    }

    private void Fail(Exception e)
    {
        _failures.Report(e);
        _retryAtTicks = Environment.TickCount64 + (long)RetryPause.TotalMilliseconds;
        OnFailure();
    }

    /// <summary>Lets a destination drop its handle so the retry reopens it.</summary>
    protected virtual void OnFailure()
    {
    }

    public void Dispose()
    {
        Flush(TimeSpan.FromSeconds(1));
        DisposeDestination();
    }

    protected abstract void DisposeDestination();
}
