using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>
/// The release archive (container/make-archive.sh): named with the product version, the agent home as
/// dotnet-telemetry-&lt;version&gt;/, root-owned, byte-identical from one packing to the next, and working where unpacked.
/// </summary>
public class ReleaseArchiveTests
{
    [Fact]
    public void The_archive_is_reproducible_and_its_home_works_from_where_it_is_unpacked()
    {
        using var agent = new AgentEnvironment();
        string again = Path.Combine(agent.Directory, "again.tar.gz");
        Run("bash", Path.Combine(Artifacts.RepositoryRoot, "container", "make-archive.sh"), Artifacts.AgentHome, Shipped.Version, again);
        Assert.True(File.ReadAllBytes(Shipped.ReleaseArchive).AsSpan().SequenceEqual(File.ReadAllBytes(again)), "the archive differs from one packing to the next");

        string top = $"dotnet-telemetry-{Shipped.Version}/";
        var listing = Run("tar", "-tzvf", Shipped.ReleaseArchive).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(listing, line => Assert.Contains(" 0/0 ", line));
        Assert.All(listing, line => Assert.Contains(" " + top, line));
        Assert.Contains(listing, line => line.EndsWith(top + "agent/net10.0/DotnetTelemetry.Agent.dll"));
        Assert.Contains(listing, line => line.EndsWith(top + "native-shim/libdotnet_telemetry_shim.so"));
        Assert.Contains(listing, line => line.StartsWith("-rwxr-xr-x") && line.EndsWith(top + "cli/dotnet-telemetry"));

        string unpacked = Path.Combine(agent.Directory, "unpacked");
        Directory.CreateDirectory(unpacked);
        Run("tar", "-xzf", Shipped.ReleaseArchive, "-C", unpacked);
        string cli = Path.Combine(unpacked, top, "cli", "dotnet-telemetry.dll");
        var run = ProcessRunner.RunDotnet(cli, new[] { "run", "-o", "file:" + agent.EventsFile, "--",
            ProcessRunner.DotnetHost, Artifacts.ConsoleSample }, agent.Fence());
        Assert.True(run.ExitCode == 0, run.ToString());
        var log = agent.ReadEvents();
        SchemaCheck.AllValid(log);
        Assert.Contains(log.Events, e => e.Str("event_type") == "http_request");
        Assert.All(log.Events, e => Assert.Equal(Shipped.Version, e.Str("resource", "telemetry_sdk_version")));
    }

    private static ProcessResult Run(string program, params string[] arguments)
    {
        var result = ProcessRunner.Run(program, arguments);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {result}");
        return result;
    }
}
