using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using OverheadHarness;

// Usage: OverheadHarness <repo-root> <agent-home> [rounds] [requests] [concurrency] [warmup-requests]
// Runs every configuration of the web sample under a loopback load, alternated round by round, then times the
// console sample's startup, and writes bench/RESULTS.md. Medians over rounds; ratios to "no agent".
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: OverheadHarness <repo-root> <agent-home> [rounds] [requests] [concurrency] [warmup-requests]");
    return 2;
}
var paths = new Paths(Path.GetFullPath(args[0]), Path.GetFullPath(args[1]));
int rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
int requests = args.Length > 3 ? int.Parse(args[3]) : 20_000;
int concurrency = args.Length > 4 ? int.Parse(args[4]) : 16;
// Steady state, not warm-up: every configuration gets the same warm-up, then 2 s for tiered compilation to settle.
int warmup = args.Length > 5 ? int.Parse(args[5]) : 10_000;
const int SettleMilliseconds = 2000;

using var sink = new OtlpSinkServer();
string woven = Path.Combine(paths.Scratch, "woven-web");
Require(ChildProcess.Run("dotnet", new[] { paths.Cli, "instrument", paths.WebSampleDir, "-o", woven }), "instrument the web sample");

var configurations = WebConfigurations.Create(paths, sink, woven);
var results = configurations.ToDictionary(c => c.Name, _ => new List<LoadResult>());
for (int round = 1; round <= rounds; round++)
{
    foreach (var configuration in configurations)
    {
        var result = await LoadAsync(configuration);
        results[configuration.Name].Add(result);
        Console.WriteLine($"round {round}: {configuration.Name}: {result.RequestsPerSecond:F0} req/s, p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms, RSS {result.ResidentMb:F0} MB");
    }
}

var startup = StartupTimes.Measure(paths, runs: 5);
var report = Report.Write(paths, results, startup, rounds, requests, concurrency, warmup);
Console.WriteLine(report);
return 0;

async Task<LoadResult> LoadAsync(WebConfiguration configuration)
{
    int port = OtlpSinkServer.FreePort();
    using var server = configuration.Start(port);
    try
    {
        await WaitUntilServingAsync(port, server);
        string urls = string.Join(",", new[] { "items/1", "price/2", "chain/1" }.Select(p => $"http://127.0.0.1:{port}/{p}"));
        var (exit, output, _) = ChildProcess.Run("dotnet", new[] { paths.LoadGenerator, urls, requests.ToString(), concurrency.ToString(),
            warmup.ToString(), SettleMilliseconds.ToString() });
        double rss = ChildProcess.ResidentMegabytes(server);
        var json = JsonDocument.Parse(output.Trim().Split('\n')[0]).RootElement;
        return new LoadResult(json.GetProperty("rps").GetDouble(), json.GetProperty("p50_ms").GetDouble(),
            json.GetProperty("p99_ms").GetDouble(), rss, json.GetProperty("failures").GetInt32());
    }
    finally
    {
        ChildProcess.Stop(server);
    }
}

static async Task WaitUntilServingAsync(int port, Process server)
{
    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    var deadline = Stopwatch.StartNew();
    while (deadline.Elapsed < TimeSpan.FromSeconds(60))
    {
        if (server.HasExited) throw new InvalidOperationException($"the server exited with {server.ExitCode} before serving");
        try
        {
            using var response = await client.GetAsync($"http://127.0.0.1:{port}/");
            if (response.IsSuccessStatusCode) return;
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException)
        {
        }
        await Task.Delay(100);
    }
    throw new TimeoutException("the server did not start serving within 60 s");
}

static void Require((int Exit, string Stdout, TimeSpan Elapsed) run, string what)
{
    if (run.Exit != 0) throw new InvalidOperationException($"could not {what}:\n{run.Stdout}");
}
