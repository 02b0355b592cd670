using System.Diagnostics;
using System.Net;

// Usage: LoadGenerator <url>[,<url>...] <requests> <concurrency> [warmup-requests] [settle-ms]
// Sends a fixed number of GET requests with a fixed number of concurrent workers (closed loop), cycling
// through the URLs, and prints one line of JSON: requests, failures, seconds, rps, p50_ms, p99_ms.
// Before measuring: warm-up requests, then an idle pause (settle) in which the server's tiered compilation
// finishes what the warm-up made hot; on a saturated 2-core machine it would otherwise still be compiling
// during the measured requests, and the figures would be about warm-up, not steady state.
// Refuses any host that is not loopback: the harness must never load anything else.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: LoadGenerator <url>[,<url>...] <requests> <concurrency> [warmup-requests]");
    return 2;
}

var urls = args[0].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToArray();
foreach (var url in urls)
{
    if (!url.IsLoopback)
    {
        Console.Error.WriteLine($"LoadGenerator: refusing non-loopback target {url}");
        return 2;
    }
}
int total = int.Parse(args[1]);
int concurrency = int.Parse(args[2]);
int warmup = args.Length > 3 ? int.Parse(args[3]) : Math.Min(total / 10, 2000);
int settleMs = args.Length > 4 ? int.Parse(args[4]) : 0;

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false };
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

int failures = 0;
await RunAsync(warmup, _ => { });
failures = 0; // warm-up failures (a server still starting) do not count
await Task.Delay(settleMs);
var latencies = new double[total];
var clock = Stopwatch.StartNew();
await RunAsync(total, sample => latencies[sample.Index] = sample.Milliseconds);
double seconds = clock.Elapsed.TotalSeconds;

Array.Sort(latencies);
double Percentile(double p) => latencies[Math.Clamp((int)Math.Ceiling(p * total) - 1, 0, total - 1)];
Console.WriteLine(
    $"{{\"requests\":{total},\"failures\":{failures},\"seconds\":{seconds:F3},\"rps\":{total / seconds:F1}," +
    $"\"p50_ms\":{Percentile(0.50):F3},\"p99_ms\":{Percentile(0.99):F3}}}");
return failures == 0 ? 0 : 1;

async Task RunAsync(int count, Action<(int Index, double Milliseconds)> record)
{
    int next = -1;
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (true)
        {
            int index = Interlocked.Increment(ref next);
            if (index >= count) return;
            long start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(urls[index % urls.Length]);
                await response.Content.LoadIntoBufferAsync();
                if (response.StatusCode >= HttpStatusCode.InternalServerError) Interlocked.Increment(ref failures);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failures);
            }
            record((index, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
        }
    });
    await Task.WhenAll(workers);
}
