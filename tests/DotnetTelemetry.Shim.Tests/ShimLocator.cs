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
