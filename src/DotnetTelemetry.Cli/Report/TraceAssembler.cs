using System.Text;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Cli.Report;

/// <summary>
/// Turns a stream of events into spans (keyed by span id, so files read in any order still pair up), marks on
/// spans (exceptions, loops, branches, variables) and the stream's own counts (events, unreadable lines, dropped).
/// </summary>
internal sealed class TraceAssembler
{
    private readonly Dictionary<ulong, Span> _spans = new();
    private readonly List<(ulong SpanId, ulong ParentId, SpanMark Mark, string? ThrowingFunction, string? ErrorType)> _pendingMarks = new();
    private readonly Dictionary<long, long> _lastSequenceByPid = new();
    private readonly Dictionary<long, long> _ringDroppedByPid = new();

    public long Events { get; private set; }
    public long SequenceGaps { get; private set; }
    public HashSet<string> Services { get; } = new(StringComparer.Ordinal);
    public long AgentDropped => _ringDroppedByPid.Values.Sum();
    public IReadOnlyCollection<Span> Spans => _spans.Values;

    /// <summary>Exceptions by (type, throwing function): thrown, caught, unhandled.</summary>
    public Dictionary<(string Type, string Function), ExceptionCounts> Exceptions { get; } = new();

    public void Add(ReportEvent e)
    {
        Events++;
        if (e.ServiceName is { Length: > 0 } service) Services.Add(service);
        CountSequenceGap(e);
        switch (e.Type)
        {
            case EventType.FunctionEntry:
            case EventType.HttpRequest:
                Start(e);
                break;
            case EventType.FunctionExit:
            case EventType.HttpResponse:
                End(e);
                break;
            case EventType.ExceptionEntry:
                AddMark(e, MarkKind.Thrown, Describe(e.ErrorType, e.ErrorMessage));
                break;
            case EventType.ExceptionExit:
                AddMark(e, e.Attribute("exception.handled") == "false" ? MarkKind.Unhandled : MarkKind.Caught, e.ErrorType ?? "exception");
                break;
            case EventType.LoopEntry: AddMark(e, MarkKind.LoopEntry, DescribeRegion(e)); break;
            case EventType.LoopExit: AddMark(e, MarkKind.LoopExit, DescribeRegion(e)); break;
            case EventType.ConditionalEntry: AddMark(e, MarkKind.ConditionalEntry, DescribeRegion(e)); break;
            case EventType.ConditionalExit: AddMark(e, MarkKind.ConditionalExit, DescribeRegion(e)); break;
            case EventType.VariableChange: AddMark(e, MarkKind.VariableChange, DescribeRegion(e)); break;
            case EventType.AgentStatus:
                if (long.TryParse(e.Attribute("ring.dropped"), out long dropped))
                {
                    _ringDroppedByPid[e.Pid] = Math.Max(dropped, _ringDroppedByPid.GetValueOrDefault(e.Pid));
                }
                break;
        }
    }

    /// <summary>Attaches every mark to its span (the event's own span, else its parent) once all spans are known.</summary>
    public void Complete()
    {
        foreach (var (spanId, parentId, mark, throwingFunction, errorType) in _pendingMarks)
        {
            Span? owner = _spans.GetValueOrDefault(spanId) ?? _spans.GetValueOrDefault(parentId);
            if (owner is not null)
            {
                (owner.Marks ??= new()).Add(mark);
            }
            if (errorType is not null)
            {
                var key = (errorType, throwingFunction ?? owner?.Name ?? "(unknown)");
                var counts = Exceptions.GetValueOrDefault(key) ?? (Exceptions[key] = new ExceptionCounts());
                switch (mark.Kind)
                {
                    case MarkKind.Thrown:
                        counts.Thrown++;
                        counts.Example ??= mark.Text;
                        break;
                    case MarkKind.Caught: counts.Caught++; break;
                    case MarkKind.Unhandled: counts.Unhandled++; break;
                }
            }
        }
        _pendingMarks.Clear();
    }

    private void Start(ReportEvent e)
    {
        var span = SpanFor(e);
        span.StartNs = e.TimestampNs;
        span.ParentId = e.ParentSpanId;
        span.Name = e.Type == EventType.FunctionEntry ? e.FunctionName ?? "(unnamed)" : HttpName(e);
        if (e.Type == EventType.HttpRequest) span.Kind = HttpKind(e);
        if (int.TryParse(e.Attribute("thread.id"), out int thread)) span.ThreadId = thread;
    }

    private void End(ReportEvent e)
    {
        var span = SpanFor(e);
        span.Ended = true;
        if (e.DurationNs >= 0)
        {
            span.DurationNs = e.DurationNs;
        }
        if (!span.HasStart)
        {
            // The exit came first (or alone: a stream that starts mid-run): its duration places the start.
            span.StartNs = e.TimestampNs - Math.Max(e.DurationNs, 0);
            span.ParentId = e.ParentSpanId;
            span.Name = e.Type == EventType.FunctionExit ? e.FunctionName ?? "(unnamed)" : HttpName(e);
            if (e.Type == EventType.HttpResponse) span.Kind = HttpKind(e);
        }
        if (span.DurationNs < 0)
        {
            span.DurationNs = Math.Max(0, e.TimestampNs - span.StartNs);
        }
        if (e.ErrorType is not null) span.ErrorType = e.ErrorType;
        if (e.HttpStatus >= 0) span.HttpStatus = e.HttpStatus;
    }

    private Span SpanFor(ReportEvent e)
    {
        if (!_spans.TryGetValue(e.SpanId, out var span))
        {
            span = new Span { Id = e.SpanId, TraceId = e.TraceId ?? "" };
            _spans[e.SpanId] = span;
        }
        return span;
    }

    private void AddMark(ReportEvent e, MarkKind kind, string text)
    {
        string? errorType = kind is MarkKind.Thrown or MarkKind.Caught or MarkKind.Unhandled ? e.ErrorType ?? "unknown" : null;
        _pendingMarks.Add((e.SpanId, e.ParentSpanId, new SpanMark(kind, e.TimestampNs, text), e.FunctionName, errorType));
    }

    private void CountSequenceGap(ReportEvent e)
    {
        if (e.Sequence < 0) return;
        if (_lastSequenceByPid.TryGetValue(e.Pid, out long last) && e.Sequence > last + 1)
        {
            SequenceGaps += e.Sequence - last - 1;
        }
        if (e.Sequence > last || !_lastSequenceByPid.ContainsKey(e.Pid))
        {
            _lastSequenceByPid[e.Pid] = e.Sequence;
        }
    }

    private static SpanKind HttpKind(ReportEvent e) => e.HttpKind == "client" ? SpanKind.HttpClient : SpanKind.HttpServer;

    private static string HttpName(ReportEvent e) => $"{e.HttpMethod ?? "HTTP"} {HttpPath.Of(e.HttpUrl)}";

    private static string Describe(string? type, string? message)
        => message is { Length: > 0 } ? $"{type ?? "exception"}: {Shorten(message, 200)}" : type ?? "exception";

    /// <summary>A loop, branch or variable event as one line: its message, else its attributes other than the thread and source location.</summary>
    private static string DescribeRegion(ReportEvent e)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in e.Attributes)
        {
            if (key is "thread.id" or "code.file.path") continue;
            if (text.Length > 0) text.Append(", ");
            text.Append(key).Append('=').Append(Shorten(value, 80));
        }
        if (e.Message is { Length: > 0 } message)
        {
            return text.Length == 0 ? Shorten(message, 200) : $"{Shorten(message, 120)} ({text})";
        }
        return text.Length == 0 ? e.Type.ToWireName() : text.ToString();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

internal sealed class ExceptionCounts
{
    public long Thrown;
    public long Caught;
    public long Unhandled;
    public string? Example;
}
