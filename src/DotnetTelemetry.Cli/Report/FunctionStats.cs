namespace DotnetTelemetry.Cli.Report;

/// <summary>Per function: calls, total and self time (wall clock), p50/p99/max of its durations, calls that threw.</summary>
internal sealed class FunctionStats
{
    public required string Name { get; init; }
    public long Count;
    public long TotalNs;
    public long SelfNs;
    public long Errors;
    public long P50Ns;
    public long P99Ns;
    public long MaxNs;

    /// <summary>Self time is a span's duration less its direct children's (clamped at 0: an async child can outlive its caller).</summary>
    public static List<FunctionStats> Compute(IReadOnlyCollection<Span> spans, IReadOnlyDictionary<ulong, long> childTimeBySpan)
    {
        var durations = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var stats = new Dictionary<string, FunctionStats>(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            if (span.Kind != SpanKind.Function || !span.Ended) continue;
            if (!stats.TryGetValue(span.Name, out var entry))
            {
                stats[span.Name] = entry = new FunctionStats { Name = span.Name };
                durations[span.Name] = new List<long>();
            }
            entry.Count++;
            entry.TotalNs += span.DurationNs;
            entry.SelfNs += Math.Max(0, span.DurationNs - childTimeBySpan.GetValueOrDefault(span.Id));
            if (span.ErrorType is not null) entry.Errors++;
            durations[span.Name].Add(span.DurationNs);
        }
        foreach (var entry in stats.Values)
        {
            var sorted = durations[entry.Name];
            sorted.Sort();
            entry.P50Ns = Percentile(sorted, 0.50);
            entry.P99Ns = Percentile(sorted, 0.99);
            entry.MaxNs = sorted[^1];
        }
        return stats.Values.OrderByDescending(s => s.P99Ns).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static long Percentile(List<long> sorted, double fraction)
    {
        int rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
