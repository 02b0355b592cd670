using System.Diagnostics;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>Runs a child process to completion (bounded) and captures its output.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public IReadOnlyList<string> Lines => StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        /// <summary>The value of the first "key=value" line with this key, or null.</summary>
        public string? Value(string key) =>
            Lines.Where(line => line.StartsWith(key + "=", StringComparison.Ordinal)).Select(line => line[(key.Length + 1)..]).FirstOrDefault();
    }

    /// <param name="keepStdinOpen">Give the child a stdin that stays open until it exits (apps that stop at end of input).</param>
    public static Result Run(string fileName, IEnumerable<string> arguments, IDictionary<string, string?> environment, TimeSpan timeout,
        bool keepStdinOpen = false)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = keepStdinOpen,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // A clean slate: nothing from the test host's own profiler or hook settings leaks in.
        foreach (string name in new[] { "CORECLR_ENABLE_PROFILING", "CORECLR_PROFILER", "CORECLR_PROFILER_PATH", "DOTNET_STARTUP_HOOKS" })
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeout}");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
