namespace DotnetTelemetry.Shim.Tests;

/// <summary>Finds the built shim: the agent home first (after ./build.sh), else cmake's build directory.</summary>
internal static class ShimLocator
{
    public const string ProfilerClsid = "{70BAAC33-8E8A-4A74-B541-49CC4129C97A}";

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agent.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Agent.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The agent home laid out by ./build.sh (the attach tests need the whole tree).</summary>
    public static string AgentHome()
    {
        string home = Path.Combine(RepositoryRoot(), "artifacts", "dotnet-telemetry");
        if (!File.Exists(Path.Combine(home, "cli", "dotnet-telemetry.dll")))
        {
            throw new InvalidOperationException($"the agent home is not laid out at {home}: run ./build.sh");
        }
        return home;
    }

    public static string ShimPath()
    {
        string root = RepositoryRoot();
        string[] candidates =
        {
            Path.Combine(root, "artifacts", "dotnet-telemetry", "native-shim", "libdotnet_telemetry_shim.so"),
            Path.Combine(root, "native-shim", "build", "libdotnet_telemetry_shim.so"),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("the native shim is not built: run ./build.sh (looked in " + string.Join(", ", candidates) + ")");
    }
}
