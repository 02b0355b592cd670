using System.Runtime.InteropServices;
using System.Text;

namespace OverheadHarness;

/// <summary>Writes bench/RESULTS.md: machine, versions, date, the load table, startup times, and the microbenchmarks.</summary>
internal static class Report
{
    public static string Write(Paths paths, Dictionary<string, List<LoadResult>> results, List<(string Name, double MedianMs)> startup,
        int rounds, int requests, int concurrency, int warmup)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmark results");
        text.AppendLine();
        text.AppendLine($"Produced by `./build.sh bench` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        text.AppendLine($"Machine: {Environment.ProcessorCount} cores ({CpuModel()}), {TotalMemoryGb():F0} GB, {RuntimeInformation.OSDescription}.");
        text.AppendLine($"Runtime: {RuntimeInformation.FrameworkDescription}. These machines are shared and noisy: read the ratios, not the absolute numbers.");
        text.AppendLine();
        text.AppendLine($"## Web sample under load ({requests} requests × {rounds} rounds, {concurrency} concurrent, loopback; medians)");
        text.AppendLine();
        text.AppendLine($"Steady state: each run first sends {warmup} warm-up requests, then idles 2 s so tiered compilation settles, then measures.");
        text.AppendLine();
        text.AppendLine("| configuration | req/s | ratio | p50 ms | ratio | p99 ms | ratio | RSS MB | Δ RSS MB |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var baseline = Summarize(results.First().Value);
        foreach (var (name, runs) in results)
        {
            var s = Summarize(runs);
            text.AppendLine($"| {name} | {s.Rps:F0} | {s.Rps / baseline.Rps:F2} | {s.P50:F2} | {s.P50 / baseline.P50:F2} | {s.P99:F2} | {s.P99 / baseline.P99:F2} | {s.Rss:F0} | {s.Rss - baseline.Rss:+0;-0;0} |");
        }
        text.AppendLine();
        text.AppendLine("## Console sample, whole run (start to exit; medians of 5)");
        text.AppendLine();
        text.AppendLine("| configuration | ms | overhead ms |");
        text.AppendLine("|---|---|---|");
        double startupBaseline = startup[0].MedianMs;
        foreach (var (name, ms) in startup)
        {
            text.AppendLine($"| {name} | {ms:F0} | {ms - startupBaseline:+0;-0;0} |");
        }
        text.AppendLine();
        AppendMicrobenchmarks(paths, text);
        File.WriteAllText(paths.Results, text.ToString());
        return text.ToString();
    }

    private static (double Rps, double P50, double P99, double Rss) Summarize(List<LoadResult> runs) => (
        Statistics.Median(runs.Select(r => r.RequestsPerSecond)),
        Statistics.Median(runs.Select(r => r.P50Ms)),
        Statistics.Median(runs.Select(r => r.P99Ms)),
        Statistics.Median(runs.Select(r => r.ResidentMb)));

    /// <summary>BenchmarkDotNet's markdown reports, when bench/run.sh ran them first.</summary>
    private static void AppendMicrobenchmarks(Paths paths, StringBuilder text)
    {
        string directory = Path.Combine(paths.Root, "BenchmarkDotNet.Artifacts", "results");
        if (!Directory.Exists(directory)) return;
        text.AppendLine("## Microbenchmarks (BenchmarkDotNet)");
        text.AppendLine();
        foreach (var file in Directory.GetFiles(directory, "*-report-github.md").Order())
        {
            text.AppendLine($"### {Path.GetFileName(file).Replace("-report-github.md", "")}");
            text.AppendLine();
            text.AppendLine(File.ReadAllText(file).Trim());
            text.AppendLine();
        }
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static double TotalMemoryGb() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9;
}
