namespace DotnetTelemetry.Probes;

/// <summary>
/// Exceptions seen by <see cref="Probe.Fault"/> on one thread, waiting for the exit of the call they leave.
/// </summary>
/// <remarks>
/// Why not in the <see cref="CallScope"/>: an object reference in the scope makes every woven frame zero
/// and report it to the GC, a cost paid on every call even with the probes off. Exceptions are rare, so
/// they wait here instead. The runtime runs every exception filter of a throw (first pass, innermost frame
/// first) before any finally (second pass, innermost first), on the same thread: each frame the exception
/// will leave adds its span here, then each frame's exit takes its own entry back. A newer entry for the same
/// span (an exception thrown from a finally replaces the first) wins. Bounded: when full, the oldest entry
/// is forgotten, which costs that exit its error details, never a wrong one.
/// </remarks>
internal sealed class PendingFaults
{
    private const int Capacity = 16;

    private readonly ulong[] _spanIds = new ulong[Capacity];
    private readonly Exception?[] _exceptions = new Exception?[Capacity];
    private int _count;

    /// <summary>True when no exception waits: what the exit of a call checks first.</summary>
    internal bool IsEmpty => _count == 0;

    internal void Add(ulong spanId, Exception exception)
    {
        if (_count == Capacity)
        {
            // Forget the oldest: shift the rest down (rare and small).
            Array.Copy(_spanIds, 1, _spanIds, 0, Capacity - 1);
            Array.Copy(_exceptions, 1, _exceptions, 0, Capacity - 1);
            _count--;
        }
        _spanIds[_count] = spanId;
        _exceptions[_count] = exception;
        _count++;
    }

    /// <summary>The newest exception waiting for <paramref name="spanId"/>, removed; null when none.</summary>
    internal Exception? Take(ulong spanId)
    {
        for (int i = _count - 1; i >= 0; i--)
        {
            if (_spanIds[i] != spanId) continue;
            var exception = _exceptions[i];
            // Drop this entry and any older ones for the same span (a replaced exception).
            int kept = 0;
            for (int j = 0; j < _count; j++)
            {
                if (_spanIds[j] == spanId) continue;
                _spanIds[kept] = _spanIds[j];
                _exceptions[kept] = _exceptions[j];
                kept++;
            }
            for (int j = kept; j < _count; j++)
            {
                _exceptions[j] = null; // keep nothing alive
            }
            _count = kept;
            return exception;
        }
        return null;
    }
}
