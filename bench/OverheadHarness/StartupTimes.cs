namespace OverheadHarness;

/// <summary>Wall time of a whole console-sample run (start to exit), medians over several runs.</summary>
internal static class StartupTimes
{
    public static List<(string Name, double MedianMs)> Measure(Paths paths, int runs)
    {
        string dll = Path.Combine(paths.ConsoleSampleDir, "ConsoleSample.dll");
        string cache = Path.Combine(paths.Scratch, "weave-cache");
        string Events() => Path.Combine(paths.Scratch, $"startup-{Guid.NewGuid():N}.ndjson");
        var weaveEnvironment = new Dictionary<string, string>
        {
            ["DOTNET_TELEMETRY_WEAVE_CACHE"] = cache,
            ["DOTNET_TELEMETRY_CLOUD_DETECTION"] = "false",
        };
        string[] RunWeave() => new[] { paths.Cli, "run", "--mode", "weave", "-o", "file:" + Events(), "--", "dotnet", dll };

        var results = new List<(string, double)>
        {
            ("no agent", Median(runs, () => ChildProcess.Run("dotnet", new[] { dll }).Elapsed)),
            ("startup hook, runtime events only", Median(runs, () => ChildProcess.Run("dotnet", new[] { dll }, paths.HookEnvironment(Events())).Elapsed)),
            ("run --mode weave, cold cache", Median(runs, () =>
            {
                if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
                return ChildProcess.Run("dotnet", RunWeave(), weaveEnvironment).Elapsed;
            })),
            ("run --mode weave, warm cache", Median(runs, () => ChildProcess.Run("dotnet", RunWeave(), weaveEnvironment).Elapsed)),
        };
        if (File.Exists(paths.Shim))
        {
            results.Add(("profiler mode (load-time weaving)", Median(runs, () => ChildProcess.Run("dotnet", new[] { dll }, paths.ProfilerEnvironment(Events())).Elapsed)));
            results.Add(("startup hook alone (self-attach, load-time weaving)", Median(runs, () => ChildProcess.Run("dotnet", new[] { dll }, paths.SelfAttachEnvironment(Events())).Elapsed)));
        }
        return results;
    }

    private static double Median(int runs, Func<TimeSpan> run)
    {
        run(); // warm the OS file cache and the JIT's disk caches; not counted
        return Statistics.Median(Enumerable.Range(0, runs).Select(_ => run().TotalMilliseconds));
    }
}
