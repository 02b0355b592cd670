using System.Diagnostics;
using System.Text;

namespace DotnetTelemetry.Schema.Tests;

/// <summary>Where the repository is, and how to run the external programs the tests check against.</summary>
internal static class TestEnvironment
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    /// <summary>The CLI's dll, copied next to the tests by the project reference.</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "dotnet-telemetry.dll");

    /// <summary>Runs <c>node tests/node-peers/validate-with-ajv.mjs</c>; fails (never skips) when ajv is not installed.</summary>
    public static ProcessResult RunAjv(string schemaPath, string ndjsonPath)
    {
        var peers = Path.Combine(RepositoryRoot, "tests", "node-peers");
        if (!File.Exists(Path.Combine(peers, "node_modules", "ajv", "package.json")) ||
            !File.Exists(Path.Combine(peers, "node_modules", "ajv-formats", "package.json")))
        {
            Assert.Fail($"ajv is not installed in {peers}/node_modules: run `npm ci` there (`./build.sh test` does it).");
        }
        return Run("node", new[] { Path.Combine(peers, "validate-with-ajv.mjs"), schemaPath, ndjsonPath }, peers);
    }

    /// <summary>Runs <c>dotnet-telemetry</c> with the given arguments (and optional standard input).</summary>
    public static ProcessResult RunCli(IEnumerable<string> arguments, string? standardInput = null) =>
        Run("dotnet", new[] { "exec", CliDll }.Concat(arguments), AppContext.BaseDirectory, standardInput);

    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, string? standardInput = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"cannot run '{fileName}' (is it installed and on PATH?): {ex.Message}");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (standardInput is not null)
            {
                process.StandardInput.Write(standardInput);
                process.StandardInput.Close();
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within 120 s");
            }
            process.WaitForExit();
            return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agent.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"no Agent.sln above {AppContext.BaseDirectory}");
    }
}

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>A temporary file deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string contents, string extension = ".ndjson")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dotnet-telemetry-schema-tests-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(Path, contents, new UTF8Encoding(false));
    }

    public string Path { get; }

    public void Dispose()
    {
        try { File.Delete(Path); } catch (IOException) { }
    }
}
