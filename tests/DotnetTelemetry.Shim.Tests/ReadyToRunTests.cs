using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>
/// Profiler mode on a ReadyToRun app: its precompiled code has inlined small methods into their
/// callers; the shim finds those callers (EnumNgenModuleMethodsInliningThisMethod) and they are
/// re-JIT'ed with their own IL, so the inlined methods report their calls too.
/// </summary>
[Collection(LongRunningSampleCollection.Name)]
public class ReadyToRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void ReadyToRun_methods_inlined_by_precompiled_callers_are_woven()
    {
        string work = Directory.CreateTempSubdirectory("dt-r2r-").FullName;
        try
        {
            string project = Path.Combine(ShimLocator.RepositoryRoot(), "samples", "LongRunningSample", "LongRunningSample.csproj");
            var publish = ProcessRunner.Run("dotnet",
                new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", work, "-nologo", "-v:q" },
                new Dictionary<string, string?>(), Timeout);
            Assert.True(publish.ExitCode == 0, publish.StandardOutput + publish.StandardError);
            string app = Path.Combine(work, "LongRunningSample");
            using (var pe = new PEReader(File.OpenRead(app + ".dll")))
            {
                Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "the sample was not compiled ReadyToRun");
            }

            string events = Path.Combine(work, "events.ndjson");
            string cli = Path.Combine(ShimLocator.AgentHome(), "cli", "dotnet-telemetry.dll");
            // Main's state machine is excluded: woven, it would be re-JIT'ed for its own sake, not as an inliner.
            var result = ProcessRunner.Run("dotnet", new[] { cli, "run", "--mode", "profiler", "--exclude", "Program.*", "-o", "file:" + events, "--", app, "2" },
                new Dictionary<string, string?> { ["DOTNET_TELEMETRY_SHIM_LOG"] = "1" }, Timeout, keepStdinOpen: true);

            Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
            Assert.Contains("LongRunningSample done", result.StandardOutput);
            Assert.Matches(@"profiler mode: LongRunningSample: \d+ woven, \d+ skipped, 0 failed, [1-9]\d* ReadyToRun callers recompiled", result.StandardError);
            var entries = File.ReadAllLines(events).Select(line => JsonNode.Parse(line)!)
                .Where(e => (string?)e["event_type"] == "function_entry").Select(e => (string)e["function_name"]!).ToList();
            int rounds = result.StandardOutput.Split('\n').Count(line => line.StartsWith("round ", StringComparison.Ordinal));
            Assert.True(rounds > 0);
            // Compute is inlined into Main's precompiled state machine, Square into Compute's code.
            Assert.Equal(rounds, entries.Count(name => name == "LongRunningSample.Worker.Compute"));
            Assert.Equal(rounds, entries.Count(name => name == "LongRunningSample.Worker.Square"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
