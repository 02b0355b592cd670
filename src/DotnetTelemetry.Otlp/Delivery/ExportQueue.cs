using DotnetTelemetry.Otlp.Model;

namespace DotnetTelemetry.Otlp.Delivery;

/// <summary>
/// The bounded hand-off between the drain thread (producer) and the exporter thread (consumer).
/// Adding never waits: a full queue refuses the item and the caller counts it as dropped.
/// The lock is only ever held for a few list operations, never across I/O.
/// </summary>
internal sealed class ExportQueue
{
    private readonly object _gate = new();
    private readonly Queue<OtlpSpan> _spans = new();
    private readonly Queue<OtlpLogRecord> _logs = new();
    private readonly int _capacity;
    private readonly int _batchSize;
    private long _added;
    private long _completed;
    private bool _flushRequested;
    private bool _stopping;

    public ExportQueue(int capacity, int batchSize)
    {
        _capacity = Math.Max(1, capacity);
        _batchSize = Math.Clamp(batchSize, 1, _capacity);
    }

    public int Count
    {
        get { lock (_gate) return _spans.Count + _logs.Count; }
    }

    public bool TryAdd(OtlpSpan span)
    {
        lock (_gate)
        {
            if (_spans.Count + _logs.Count >= _capacity) return false;
            _spans.Enqueue(span);
            _added++;
            // Wake the exporter only when a batch is complete; otherwise it wakes on its own schedule.
            // (Waking it per item would cost the drain thread a context switch per event.)
            if (_spans.Count == _batchSize) Monitor.PulseAll(_gate);
            return true;
        }
    }

    public bool TryAdd(OtlpLogRecord log)
    {
        lock (_gate)
        {
            if (_spans.Count + _logs.Count >= _capacity) return false;
            _logs.Enqueue(log);
            _added++;
            // Wake the exporter only when a batch is complete; otherwise it wakes on its own schedule.
            // (Waking it per item would cost the drain thread a context switch per event.)
            if (_logs.Count == _batchSize) Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>
    /// Exporter side: waits until a full batch is queued, a flush or stop is asked for, or
    /// <paramref name="maxWait"/> passes; then takes up to <paramref name="batchSize"/> of each signal.
    /// Returns false when stopping and nothing is left.
    /// </summary>
    public bool TakeBatch(int batchSize, TimeSpan maxWait, List<OtlpSpan> spans, List<OtlpLogRecord> logs)
    {
        lock (_gate)
        {
            var deadline = DateTime.UtcNow + maxWait;
            while (!_stopping && !_flushRequested && _spans.Count < batchSize && _logs.Count < batchSize)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) break;
                Monitor.Wait(_gate, left);
            }
            if (_spans.Count + _logs.Count == 0) _flushRequested = false;
            while (spans.Count < batchSize && _spans.Count > 0) spans.Add(_spans.Dequeue());
            while (logs.Count < batchSize && _logs.Count > 0) logs.Add(_logs.Dequeue());
            return !(_stopping && spans.Count == 0 && logs.Count == 0);
        }
    }

    /// <summary>Exporter side: these items are done with (delivered, rejected or given up on).</summary>
    public void MarkCompleted(int count)
    {
        lock (_gate)
        {
            _completed += count;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Asks the exporter to send what is queued now and waits (bounded) until it has been handled.</summary>
    public bool FlushAndWait(TimeSpan timeout)
    {
        lock (_gate)
        {
            long target = _added;
            _flushRequested = true;
            Monitor.PulseAll(_gate);
            var deadline = DateTime.UtcNow + timeout;
            while (_completed < target)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, left);
            }
            return true;
        }
    }

    /// <summary>Wakes the exporter so it sends what is queued now, without waiting.</summary>
    public void RequestFlush()
    {
        lock (_gate)
        {
            _flushRequested = true;
            Monitor.PulseAll(_gate);
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Removes whatever is left (after a shutdown that ran out of time) and returns how many.</summary>
    public int Clear()
    {
        lock (_gate)
        {
            int left = _spans.Count + _logs.Count;
            _spans.Clear();
            _logs.Clear();
            _completed += left;
            Monitor.PulseAll(_gate);
            return left;
        }
    }
}
