namespace DotnetTelemetry.Cli.Report;

/// <summary>HTTP exchanges by side (server or client), method, endpoint and status code, with their durations.</summary>
internal sealed class HttpEndpointStats
{
    public required SpanKind Kind { get; init; }
    public required string Name { get; init; }
    /// <summary>-1: no response was seen (the exchange had not ended).</summary>
    public required int Status { get; init; }
    public long Count;
    public long P50Ns;
    public long P99Ns;
    public long MaxNs;

    public static List<HttpEndpointStats> Compute(IReadOnlyCollection<Span> spans)
    {
        var groups = new Dictionary<(SpanKind, string, int), List<long>>();
        foreach (var span in spans)
        {
            if (span.Kind == SpanKind.Function) continue;
            var key = (span.Kind, span.Name, span.Ended ? span.HttpStatus : -1);
            if (!groups.TryGetValue(key, out var durations)) groups[key] = durations = new List<long>();
            durations.Add(Math.Max(span.DurationNs, 0));
        }
        var result = new List<HttpEndpointStats>();
        foreach (var ((kind, name, status), durations) in groups)
        {
            durations.Sort();
            result.Add(new HttpEndpointStats
            {
                Kind = kind, Name = name, Status = status, Count = durations.Count,
                P50Ns = FunctionStats.Percentile(durations, 0.5), P99Ns = FunctionStats.Percentile(durations, 0.99), MaxNs = durations[^1],
            });
        }
        return result.OrderBy(e => e.Kind).ThenBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Status).ToList();
    }
}
