using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>
/// On x64 Linux the agent home holds, beside the portable agent/, a copy precompiled (ReadyToRun) for .NET 10 in
/// agent/net10.0, which the startup hook prefers in .NET 10 apps so that they JIT none of the agent at startup.
/// </summary>
public class PrecompiledAgentTests
{
    private static bool BuiltOnLinuxX64 => OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64;

    private static string PortableAgent => Path.Combine(Artifacts.AgentHome, "agent");

    private static string PrecompiledAgent => Path.Combine(PortableAgent, "net10.0");

    private static Dictionary<string, string> Report(ProcessResult result) => result.StdoutReport();

    [Fact]
    public void A_dotnet_10_app_runs_the_precompiled_agent_and_jits_almost_none_of_it()
    {
        Assert.Equal(10, Environment.Version.Major); // the apps below run on the tests' runtime
        using var agent = new AgentEnvironment();
        string jitLog = Path.Combine(agent.Directory, "jit.txt");
        var result = ProcessRunner.RunDotnet(Artifacts.LoadContextApp, Array.Empty<string>(), agent.WithAgent(
            ("DOTNET_JitStdOutFile", jitLog), ("DOTNET_JitDisasmSummary", "1")));

        Assert.Equal(3, result.ExitCode); // the app ends with Environment.Exit(3)
        Assert.NotEmpty(agent.ReadEvents().Events);
        if (!BuiltOnLinuxX64)
        {
            Assert.False(Directory.Exists(PrecompiledAgent), "only x64 Linux builds precompile the agent");
            Assert.Equal(PortableAgent, Report(result)["agent.directory"]);
            return;
        }
        Assert.Equal(PrecompiledAgent, Report(result)["agent.directory"]);
        using (var reader = new PEReader(File.OpenRead(Path.Combine(PrecompiledAgent, "DotnetTelemetry.Agent.dll"))))
        {
            Assert.True(reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "the copy is ReadyToRun");
        }
        // The portable agent JITs some 650 of its own methods at startup; precompiled, a few stay (P/Invoke stubs...).
        var jitted = File.ReadLines(jitLog).Where(line => line.Contains("JIT compiled DotnetTelemetry.", StringComparison.Ordinal)).ToList();
        Assert.True(jitted.Count < 60, $"{jitted.Count} agent methods JIT-compiled:\n{string.Join("\n", jitted.Take(20))}");
    }

    [Fact]
    public void Without_a_precompiled_copy_the_portable_agent_serves()
    {
        using var agent = new AgentEnvironment();
        string home = Path.Combine(agent.Directory, "home");
        CopyDirectory(Path.Combine(Artifacts.AgentHome, "startup-hook"), Path.Combine(home, "startup-hook"));
        CopyDirectory(PortableAgent, Path.Combine(home, "agent"), skip: "net10.0");
        CopyDirectory(Path.Combine(Artifacts.AgentHome, "native-shim"), Path.Combine(home, "native-shim")); // the hook attaches it

        var environment = agent.WithAgent(("DOTNET_STARTUP_HOOKS", Path.Combine(home, "startup-hook", "DotnetTelemetry.StartupHook.dll")));
        var result = ProcessRunner.RunDotnet(Artifacts.LoadContextApp, Array.Empty<string>(), environment);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal(Path.Combine(home, "agent"), Report(result)["agent.directory"]);
        Assert.NotEmpty(agent.ReadEvents().Events);
    }

    private static void CopyDirectory(string from, string to, string? skip = null)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (string directory in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(directory) != skip)
            {
                CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)), skip);
            }
        }
    }
}
