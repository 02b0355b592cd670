namespace DotnetTelemetry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Where the built product and the sample apps are. End-to-end tests run what <c>./build.sh</c> laid out in
/// <c>artifacts/dotnet-telemetry/</c>; when something is missing they fail with a message saying so.
/// </summary>
public static class Artifacts
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The repository root (the folder holding Agent.sln).</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The agent home: <c>DOTNET_TELEMETRY_TEST_HOME</c> when set, else <c>artifacts/dotnet-telemetry</c>.</summary>
    public static string AgentHome
    {
        get
        {
            string home = Environment.GetEnvironmentVariable("DOTNET_TELEMETRY_TEST_HOME") is { Length: > 0 } configured
                ? configured
                : Path.Combine(RepositoryRoot, "artifacts", "dotnet-telemetry");
            RequireFile(Path.Combine(home, "startup-hook", "DotnetTelemetry.StartupHook.dll"), "the agent home", home);
            return home;
        }
    }

    public static string StartupHook => Path.Combine(AgentHome, "startup-hook", "DotnetTelemetry.StartupHook.dll");

    /// <summary>The CLI's entry assembly (run it with <c>dotnet</c>: works whatever the apphost's permissions).</summary>
    public static string CliDll => RequireFile(Path.Combine(AgentHome, "cli", "dotnet-telemetry.dll"), "the CLI", AgentHome);

    public static string ConsoleSample => Sample("ConsoleSample");

    public static string WebSample => Sample("WebSample");

    /// <summary>The console sample whose functions call HttpClient with no incoming request (samples/HttpNestSample).</summary>
    public static string HttpNestSample => Sample("HttpNestSample");

    /// <summary>The test helper app that reports where the agent's assemblies were loaded (tests/LoadContextApp).</summary>
    public static string LoadContextApp => App("tests", "LoadContextApp");

    /// <summary>The test helper app that ships its own Probes and calls them like woven code (tests/ShipsProbesApp).</summary>
    public static string ShipsProbesApp => App("tests", "ShipsProbesApp");

    /// <summary>The test helper app of the reliability tests: hostile scenarios by first argument (tests/HostileApp).</summary>
    public static string HostileApp => App("tests", "HostileApp");

    /// <summary>A sample's built dll, from the same configuration as the tests (Release under build.sh).</summary>
    public static string Sample(string name) => App("samples", name);

    private static string App(string folder, string name)
    {
        string configuration = TestConfiguration();
        string path = Path.Combine(RepositoryRoot, folder, name, "bin", configuration, "net10.0", name + ".dll");
        if (!File.Exists(path) && configuration != "Release")
        {
            path = Path.Combine(RepositoryRoot, folder, name, "bin", "Release", "net10.0", name + ".dll");
        }
        return RequireFile(path, $"the {name} app", path);
    }

    /// <summary>The configuration folder the test assembly was built into (bin/&lt;configuration&gt;/net10.0/).</summary>
    private static string TestConfiguration()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return directory.Parent?.Name ?? "Release";
    }

    private static string RequireFile(string path, string what, string shownPath)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"End-to-end tests need {what} at '{shownPath}', which is missing: run ./build.sh first (it builds everything and lays out artifacts/dotnet-telemetry/).");
        }
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agent.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"cannot find the repository root (Agent.sln) above {AppContext.BaseDirectory}");
    }
}
