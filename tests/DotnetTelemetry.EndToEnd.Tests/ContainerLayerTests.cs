using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>
/// The container image layer (container/make-layer.sh): the agent home under opt/dotnet-telemetry, root-owned,
/// byte-identical from one packing to the next, and working from wherever it is unpacked.
/// </summary>
public class ContainerLayerTests
{
    [Fact]
    public void The_layer_is_deterministic_and_the_unpacked_agent_works_from_its_new_place()
    {
        using var agent = new AgentEnvironment();
        string script = Path.Combine(Artifacts.RepositoryRoot, "container", "make-layer.sh");
        string first = Path.Combine(agent.Directory, "layer1.tar.gz");
        string second = Path.Combine(agent.Directory, "layer2.tar.gz");
        Pack(script, first);
        Pack(script, second);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));

        string root = Path.Combine(agent.Directory, "root");
        Directory.CreateDirectory(root);
        var listing = Run("tar", "-tzvf", first);
        Assert.Contains("opt/dotnet-telemetry/startup-hook/DotnetTelemetry.StartupHook.dll", listing.Stdout);
        Assert.Contains("opt/dotnet-telemetry/native-shim/libdotnet_telemetry_shim.so", listing.Stdout);
        Assert.Contains("opt/dotnet-telemetry/cli/dotnet-telemetry.dll", listing.Stdout);
        Assert.DoesNotContain(listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => !line.Contains(" 0/0 "));
        Run("tar", "-xzf", first, "-C", root);

        // The unpacked home, at a path the build never saw, runs the sample exactly as the built one does: one
        // variable (and where events go) gives runtime and function events alike.
        var environment = agent.Fence();
        environment["DOTNET_STARTUP_HOOKS"] = Path.Combine(root, "opt", "dotnet-telemetry", "startup-hook", "DotnetTelemetry.StartupHook.dll");
        environment["DOTNET_TELEMETRY_OUTPUT"] = "file:" + agent.EventsFile;
        var without = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence());
        var with = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), environment);

        Assert.Equal(0, with.ExitCode);
        Assert.Equal(without.Stdout, with.Stdout);
        var log = agent.ReadEvents();
        SchemaCheck.AllValid(log);
        Assert.Contains(log.Events, e => e.Str("event_type") == "http_request");
        Assert.Contains(log.Events, e => e.Str("event_type") == "exception_entry");
        Assert.Contains(log.Events, e => e.Str("event_type") == "function_entry" && e.Str("function_name") == "ConsoleSample.MathOps.Fibonacci");
        Assert.Equal("", with.Stderr);
    }

    private static void Pack(string script, string output)
    {
        var result = Run("bash", script, Artifacts.AgentHome, output);
        Assert.True(File.Exists(output), result.ToString());
    }

    private static ProcessResult Run(string program, params string[] arguments)
    {
        var result = ProcessRunner.Run(program, arguments);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {result}");
        return result;
    }
}
