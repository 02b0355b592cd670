namespace OverheadHarness;

/// <summary>One load run: throughput, latency and the server's resident memory after the load.</summary>
internal sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, double ResidentMb, int Failures);

internal static class Statistics
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
