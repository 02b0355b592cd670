using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;
using Xunit.Abstractions;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>
/// The acceptance check for profiler mode: the console sample run (1) plain, (2) woven ahead
/// of time, (3) unmodified under the shim in profiler mode. Its output is the same in all three, and
/// the function events of (2) and (3) are the same multiset of (event_type, function_name).
/// </summary>
public class ProfilerModeComparisonTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly string[] SampleFiles = { "ConsoleSample.dll", "ConsoleSample.deps.json", "ConsoleSample.runtimeconfig.json" };
    private readonly ITestOutputHelper _log;

    public ProfilerModeComparisonTests(ITestOutputHelper log)
    {
        _log = log;
    }

    [Fact]
    public void Profiler_mode_gives_the_function_events_of_ahead_of_time_weaving()
    {
        string work = Directory.CreateTempSubdirectory("dt-profiler-mode-").FullName;
        try
        {
            string original = CopySample(Path.Combine(work, "original"));
            string woven = CopySample(Path.Combine(work, "woven"));
            var outcome = AssemblyFileWeaver.Weave(Path.Combine(original, "ConsoleSample.dll"), Path.Combine(woven, "ConsoleSample.dll"), SelectionRules.Default);
            _log.WriteLine($"ahead of time: {outcome}");

            var plain = RunSample(original, new Dictionary<string, string?>());
            var aot = RunSample(woven, Hook(Path.Combine(work, "aot.events")));
            var profilerEnvironment = Hook(Path.Combine(work, "profiler.events"));
            profilerEnvironment["DT_TEST_PROFILER_MODE"] = "1";
            profilerEnvironment["CORECLR_ENABLE_PROFILING"] = "1";
            profilerEnvironment["CORECLR_PROFILER"] = ShimLocator.ProfilerClsid;
            profilerEnvironment["CORECLR_PROFILER_PATH"] = ShimLocator.ShimPath();
            var profiler = RunSample(original, profilerEnvironment);
            _log.WriteLine(profiler.StandardError);

            Assert.Contains("hook: profiler mode on", profiler.StandardError);
            Assert.Equal(plain.StandardOutput, aot.StandardOutput);
            Assert.Equal(plain.StandardOutput, profiler.StandardOutput);

            var aotEvents = Multiset(Path.Combine(work, "aot.events"));
            var profilerEvents = Multiset(Path.Combine(work, "profiler.events"));
            Assert.NotEmpty(aotEvents);
            foreach (var (key, count) in aotEvents.OrderBy(p => p.Key))
            {
                _log.WriteLine($"{count,4} aot / {profilerEvents.GetValueOrDefault(key),4} profiler  {key}");
            }
            foreach (var key in profilerEvents.Keys.Except(aotEvents.Keys))
            {
                _log.WriteLine($"   0 aot / {profilerEvents[key],4} profiler  {key}");
            }
            Assert.Equal(aotEvents.OrderBy(p => p.Key), profilerEvents.OrderBy(p => p.Key));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string CopySample(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (string file in SampleFiles)
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, file), Path.Combine(directory, file));
        }
        return directory;
    }

    private static Dictionary<string, string?> Hook(string eventsFile) => new()
    {
        ["DOTNET_STARTUP_HOOKS"] = Path.Combine(AppContext.BaseDirectory, "ProbeDumpHook.dll"),
        ["DT_TEST_EVENTS"] = eventsFile,
    };

    private static ProcessRunner.Result RunSample(string directory, Dictionary<string, string?> environment)
    {
        var result = ProcessRunner.Run("dotnet", new[] { Path.Combine(directory, "ConsoleSample.dll") }, environment, Timeout);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        return result;
    }

    private static Dictionary<string, int> Multiset(string eventsFile)
        => File.ReadAllLines(eventsFile).GroupBy(line => line).ToDictionary(g => g.Key, g => g.Count());
}
