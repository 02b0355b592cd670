using System.Diagnostics;

namespace DotnetTelemetry.Otlp.Tests.Support;

/// <summary>Finds tests/node-peers (with its npm packages installed) and runs its scripts.</summary>
internal static class NodePeers
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "node-peers");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                if (!System.IO.Directory.Exists(Path.Combine(candidate, "node_modules", "@elastic", "mockotlpserver")))
                    throw new InvalidOperationException($"npm test peers are not installed: run `npm ci` in {candidate} (./build.sh test does).");
                return candidate;
            }
        }
        throw new InvalidOperationException("tests/node-peers not found above " + AppContext.BaseDirectory);
    }

    public static ProcessStartInfo Node(params string[] args)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return info;
    }

    /// <summary>Runs a node script to completion with <paramref name="stdin"/> as its input.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string script, string stdin, TimeSpan timeout)
    {
        using var process = Process.Start(Node(script))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
