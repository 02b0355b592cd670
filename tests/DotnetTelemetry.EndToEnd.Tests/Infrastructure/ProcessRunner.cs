using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace DotnetTelemetry.EndToEnd.Tests.Infrastructure;

/// <summary>What a finished process left behind.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    public override string ToString() => $"exit code {ExitCode}{(TimedOut ? " (timed out)" : "")}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    /// <summary>The "key=value" lines of stdout (what the test helper apps report), by key.</summary>
    public Dictionary<string, string> StdoutReport()
        => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
}

/// <summary>
/// Runs processes for the tests: chosen environment (variables set or removed), captured stdout/stderr,
/// a timeout that kills the whole tree, and signals for processes that must stop gracefully.
/// </summary>
public static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="program"/> to the end (or the timeout) and returns its exit code and output.</summary>
    public static ProcessResult Run(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null, string? stdin = null)
    {
        using var process = Start(program, arguments, environment, redirectStdin: stdin is not null);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Append(e.Data).Append('\n'); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        bool exited = process.WaitForExit(timeout ?? DefaultTimeout);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.WaitForExit(); // drains the asynchronous output readers
        lock (stdout)
        lock (stderr)
        {
            return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString(), !exited);
        }
    }

    /// <summary>Runs a .NET app (<c>dotnet app.dll args</c>).</summary>
    public static ProcessResult RunDotnet(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null, string? stdin = null)
        => Run(DotnetHost, new[] { dll }.Concat(arguments), environment, timeout, stdin);

    /// <summary>The dotnet host running these tests (so children use the same runtime).</summary>
    public static string DotnetHost => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>Starts a process with redirected stdout/stderr; the caller reads them and waits.</summary>
    public static Process Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, bool redirectStdin = false)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        // A clean slate: the agent variables of the test runner itself never leak into the child.
        foreach (string name in startInfo.Environment.Keys.Where(IsAgentVariable).ToList())
        {
            startInfo.Environment.Remove(name);
        }
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null)
                {
                    startInfo.Environment.Remove(name);
                }
                else
                {
                    startInfo.Environment[name] = value;
                }
            }
        }
        return Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {program}");
    }

    /// <summary>Sends a POSIX signal (SIGTERM = 15, SIGINT = 2) so the process can stop gracefully.</summary>
    public static void Signal(Process process, int signal)
    {
        if (kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    private static bool IsAgentVariable(string name)
        => name.StartsWith("DOTNET_TELEMETRY_", StringComparison.Ordinal)
            || name.StartsWith("OTEL_", StringComparison.Ordinal)
            || name is "DOTNET_STARTUP_HOOKS" or "CORECLR_ENABLE_PROFILING" or "CORECLR_PROFILER" or "CORECLR_PROFILER_PATH"
            || name is "KUBERNETES_SERVICE_HOST" or "AWS_LAMBDA_FUNCTION_NAME" or "ECS_CONTAINER_METADATA_URI" or "ECS_CONTAINER_METADATA_URI_V4"
            || name is "K_SERVICE" or "WEBSITE_SITE_NAME" or "CONTAINER_APP_NAME";

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
