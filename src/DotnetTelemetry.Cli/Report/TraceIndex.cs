namespace DotnetTelemetry.Cli.Report;

/// <summary>One trace: its spans, its time range, the name of its root and whether something in it failed.</summary>
internal sealed class TraceSummary
{
    public required string TraceId { get; init; }
    public List<Span> Spans { get; } = new();
    public long StartNs = long.MaxValue;
    public long EndNs = long.MinValue;
    public string Name = "";
    public bool Failed;
    public int Exceptions;
    public long DurationNs => Math.Max(0, EndNs - StartNs);
}

/// <summary>
/// Groups spans into traces and picks the ones the page draws: the slowest, plus failed ones, each with at most
/// <see cref="MaxSpansPerTrace"/> spans (the longest; a span whose parent was left out hangs from its nearest shown ancestor).
/// </summary>
internal static class TraceIndex
{
    public const int MaxTracesShown = 300;
    public const int MaxFailedTracesShown = 100;
    public const int MaxSpansPerTrace = 2000;

    public static List<TraceSummary> Group(IEnumerable<Span> spans)
    {
        var traces = new Dictionary<string, TraceSummary>(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            if (!span.HasStart) continue;
            if (!traces.TryGetValue(span.TraceId, out var trace)) traces[span.TraceId] = trace = new TraceSummary { TraceId = span.TraceId };
            trace.Spans.Add(span);
            trace.StartNs = Math.Min(trace.StartNs, span.StartNs);
            trace.EndNs = Math.Max(trace.EndNs, span.EndNs);
            if (span.Failed) trace.Failed = true;
            if (span.Marks is { } marks)
            {
                foreach (var mark in marks)
                {
                    if (mark.Kind == MarkKind.Thrown) trace.Exceptions++;
                    if (mark.Kind == MarkKind.Unhandled) trace.Failed = true;
                }
            }
        }
        var ids = new HashSet<ulong>();
        foreach (var trace in traces.Values)
        {
            trace.Spans.Sort((a, b) => a.StartNs != b.StartNs ? a.StartNs.CompareTo(b.StartNs) : b.DurationNs.CompareTo(a.DurationNs));
            ids.Clear();
            foreach (var span in trace.Spans) ids.Add(span.Id);
            // The root: the earliest span whose parent is not in this trace's events (null, or in another process's file).
            var root = trace.Spans.FirstOrDefault(s => s.ParentId == 0 || !ids.Contains(s.ParentId)) ?? trace.Spans[0];
            trace.Name = root.Name;
            foreach (var span in trace.Spans)
            {
                // A span whose end never came lasts until the last event of its trace.
                if (span.Unfinished) span.DurationNs = Math.Max(0, trace.EndNs - span.StartNs);
            }
        }
        return traces.Values.OrderByDescending(t => t.DurationNs).ThenBy(t => t.TraceId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The slowest traces, then failed traces not among them.</summary>
    public static List<TraceSummary> Shown(List<TraceSummary> slowestFirst)
    {
        var shown = slowestFirst.Take(MaxTracesShown).ToList();
        shown.AddRange(slowestFirst.Skip(MaxTracesShown).Where(t => t.Failed).Take(MaxFailedTracesShown));
        return shown;
    }

    /// <summary>The spans drawn for a trace: all of them, or the longest <see cref="MaxSpansPerTrace"/> in start order.</summary>
    public static List<Span> SpansShown(TraceSummary trace)
    {
        if (trace.Spans.Count <= MaxSpansPerTrace) return trace.Spans;
        var kept = trace.Spans.OrderByDescending(s => s.DurationNs).Take(MaxSpansPerTrace).ToHashSet();
        return trace.Spans.Where(kept.Contains).ToList();
    }
}
