using DotnetTelemetry.Cli.Report;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Cli.Live;

/// <summary>
/// The live view's running counts, fed one event line at a time from the event thread and read once a second by the
/// screen: per function calls and total time, recent slow calls, exceptions, HTTP requests and status codes, drops.
/// </summary>
internal sealed class LiveStats
{
    private const int RecentCallsKept = 200;

    private readonly object _gate = new();
    private readonly ReportEventParser _parser = new();
    private readonly ReportEvent _event = new();
    private readonly Dictionary<string, FunctionTotals> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<int, long> _statusCodes = new();
    private readonly Dictionary<string, long> _exceptionTypes = new(StringComparer.Ordinal);
    private readonly Queue<(string Name, long DurationNs, DateTime At)> _recentCalls = new();
    private long _events, _unreadable, _exceptions, _httpRequests, _agentDropped, _sequenceGaps, _lastSequence = -1;

    public void Add(ReadOnlySpan<byte> line)
    {
        lock (_gate)
        {
            if (!_parser.TryParse(line, _event, out _))
            {
                _unreadable++;
                return;
            }
            _events++;
            var e = _event;
            if (e.Sequence >= 0)
            {
                if (_lastSequence >= 0 && e.Sequence > _lastSequence + 1) _sequenceGaps += e.Sequence - _lastSequence - 1;
                _lastSequence = Math.Max(_lastSequence, e.Sequence);
            }
            switch (e.Type)
            {
                case EventType.FunctionExit when e.FunctionName is { } name && e.DurationNs >= 0:
                    if (!_functions.TryGetValue(name, out var totals)) _functions[name] = totals = new FunctionTotals();
                    totals.Calls++;
                    totals.TotalNs += e.DurationNs;
                    _recentCalls.Enqueue((name, e.DurationNs, DateTime.UtcNow));
                    if (_recentCalls.Count > RecentCallsKept) _recentCalls.Dequeue();
                    break;
                case EventType.ExceptionEntry:
                    _exceptions++;
                    string type = e.ErrorType ?? "unknown";
                    _exceptionTypes[type] = _exceptionTypes.GetValueOrDefault(type) + 1;
                    break;
                case EventType.HttpRequest:
                    _httpRequests++;
                    break;
                case EventType.HttpResponse when e.HttpStatus >= 0:
                    _statusCodes[e.HttpStatus] = _statusCodes.GetValueOrDefault(e.HttpStatus) + 1;
                    break;
                case EventType.AgentStatus when long.TryParse(e.Attribute("ring.dropped"), out long dropped):
                    _agentDropped = Math.Max(_agentDropped, dropped);
                    break;
            }
        }
    }

    /// <summary>A copy of the counts, for the screen to compare with the previous one (rates per second).</summary>
    public LiveSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new LiveSnapshot(
                DateTime.UtcNow, _events, _unreadable, _exceptions, _httpRequests, _agentDropped, _sequenceGaps,
                _functions.ToDictionary(f => f.Key, f => (f.Value.Calls, f.Value.TotalNs), StringComparer.Ordinal),
                new Dictionary<int, long>(_statusCodes),
                new Dictionary<string, long>(_exceptionTypes, StringComparer.Ordinal),
                _recentCalls.ToList());
        }
    }

    private sealed class FunctionTotals
    {
        public long Calls;
        public long TotalNs;
    }
}

internal sealed record LiveSnapshot(
    DateTime At,
    long Events,
    long Unreadable,
    long Exceptions,
    long HttpRequests,
    long AgentDropped,
    long SequenceGaps,
    Dictionary<string, (long Calls, long TotalNs)> Functions,
    Dictionary<int, long> StatusCodes,
    Dictionary<string, long> ExceptionTypes,
    List<(string Name, long DurationNs, DateTime At)> RecentCalls);
