namespace OverheadHarness;

/// <summary>Where the built pieces live (everything comes from `./build.sh`).</summary>
internal sealed record Paths(string Root, string AgentHome)
{
    public string StartupHook => Path.Combine(AgentHome, "startup-hook", "DotnetTelemetry.StartupHook.dll");
    public string Shim => Path.Combine(AgentHome, "native-shim", "libdotnet_telemetry_shim.so");
    public string Cli => Path.Combine(AgentHome, "cli", "dotnet-telemetry.dll");
    public string WebSampleDir => Path.Combine(Root, "samples", "WebSample", "bin", "Release", "net10.0");
    public string OtelWebSample => Path.Combine(Root, "bench", "OtelWebSample", "bin", "Release", "net10.0", "OtelWebSample.dll");
    public string ConsoleSampleDir => Path.Combine(Root, "samples", "ConsoleSample", "bin", "Release", "net10.0");
    public string LoadGenerator => Path.Combine(Root, "bench", "LoadGenerator", "bin", "Release", "net10.0", "LoadGenerator.dll");
    public string Results => Path.Combine(Root, "bench", "RESULTS.md");
    public string Scratch { get; } = Directory.CreateTempSubdirectory("dotnet-telemetry-bench-").FullName;

    /// <summary>The startup hook alone, as users set it: it attaches the shim itself and weaves at load time.</summary>
    public Dictionary<string, string> SelfAttachEnvironment(string eventsFile) => new()
    {
        ["DOTNET_STARTUP_HOOKS"] = StartupHook,
        ["DOTNET_TELEMETRY_OUTPUT"] = "file:" + eventsFile,
        ["DOTNET_TELEMETRY_CLOUD_DETECTION"] = "false",
    };

    /// <summary>The startup hook without load-time weaving (runtime events, and the probes of code woven ahead of time).</summary>
    public Dictionary<string, string> HookEnvironment(string eventsFile)
    {
        var environment = SelfAttachEnvironment(eventsFile);
        environment["DOTNET_TELEMETRY_WEAVE"] = "off";
        return environment;
    }

    public Dictionary<string, string> ProfilerEnvironment(string eventsFile)
    {
        var environment = HookEnvironment(eventsFile);
        environment["CORECLR_ENABLE_PROFILING"] = "1";
        environment["CORECLR_PROFILER"] = "{70BAAC33-8E8A-4A74-B541-49CC4129C97A}";
        environment["CORECLR_PROFILER_PATH"] = Shim;
        return environment;
    }
}
