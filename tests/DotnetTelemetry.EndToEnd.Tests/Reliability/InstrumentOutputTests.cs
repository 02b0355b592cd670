using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests.Reliability;

/// <summary>
/// <c>instrument</c> never destroys an original (issue 18, item 5): an output that is the input, however spelled, is
/// weaving in place with <c>.orig</c> backups; and a folder whose main dll is broken is an error (item 10).
/// </summary>
public class InstrumentOutputTests
{
    public static TheoryData<string> SameAsInputSpellings => new() { "dir -o dir", "dir -o /abs/dir/", "a.dll -o a.dll", "a.dll -o dir/" };

    [Theory]
    [MemberData(nameof(SameAsInputSpellings))]
    public void An_output_that_is_the_input_weaves_in_place_with_backups(string spelling)
    {
        using var agent = new AgentEnvironment();
        string app = CopyOfConsoleSample(agent);
        string dll = Path.Combine(app, "ConsoleSample.dll");
        byte[] original = File.ReadAllBytes(dll);
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, app);
        string[] arguments = spelling switch
        {
            "dir -o dir" => new[] { "instrument", relative, "-o", relative },
            "dir -o /abs/dir/" => new[] { "instrument", relative, "-o", app + "/" },
            "a.dll -o a.dll" => new[] { "instrument", dll, "-o", Path.Combine(relative, "ConsoleSample.dll") },
            _ => new[] { "instrument", dll, "-o", app + "/" },
        };

        var result = ProcessRunner.RunDotnet(Artifacts.CliDll, arguments, agent.Fence());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("the output is the input", result.Stdout);
        Assert.True(File.Exists(dll + ".orig"), result.ToString());
        Assert.Equal(original, File.ReadAllBytes(dll + ".orig"));
        Assert.NotEqual(original, File.ReadAllBytes(dll));
        Assert.Equal(ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), agent.Fence()).Stdout,
            ProcessRunner.RunDotnet(dll, Array.Empty<string>(), agent.Fence()).Stdout);
    }

    [Fact]
    public void A_folder_whose_main_dll_is_truncated_fails_with_a_clear_message()
    {
        using var agent = new AgentEnvironment();
        string app = CopyOfConsoleSample(agent);
        string dll = Path.Combine(app, "ConsoleSample.dll");
        byte[] truncated = File.ReadAllBytes(dll)[..1000];
        File.WriteAllBytes(dll, truncated);

        var result = ProcessRunner.RunDotnet(Artifacts.CliDll, new[] { "instrument", app }, agent.Fence());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("dotnet-telemetry instrument: ConsoleSample.dll, one of the app's own assemblies, is not a readable .NET assembly (truncated or corrupt); it was not woven.", result.Stderr);
        Assert.Equal(truncated, File.ReadAllBytes(dll));
    }

    private static string CopyOfConsoleSample(AgentEnvironment agent)
    {
        string source = Path.GetDirectoryName(Artifacts.ConsoleSample)!;
        string app = Path.Combine(agent.Directory, "app");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(app, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return app;
    }
}
