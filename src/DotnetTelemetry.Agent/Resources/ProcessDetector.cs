using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Resources;

/// <summary>Process id, executable and command line (secrets redacted).</summary>
internal static class ProcessDetector
{
    public static ProcessInfo Detect() => new()
    {
        Pid = Environment.ProcessId,
        Executable = Environment.ProcessPath,
        CommandLine = CommandLineRedactor.Join(CommandLineRedactor.Redact(ReadArguments())),
    };

    /// <summary>The full argument vector (on Linux from /proc, which includes the host's own arguments like <c>dotnet app.dll</c>).</summary>
    private static IReadOnlyList<string> ReadArguments()
    {
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/self/cmdline"))
            {
                string raw = File.ReadAllText("/proc/self/cmdline");
                var parts = raw.Split('\0');
                return parts.Length > 0 && parts[^1].Length == 0 ? parts[..^1] : parts;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return Environment.GetCommandLineArgs();
    }
}
