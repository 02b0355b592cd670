using System.CommandLine;
using DotnetTelemetry.Cli.Attach;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>
/// `dotnet-telemetry ps`: the .NET processes of this user that can be attached to, with pid, name,
/// runtime version, whether our agent (and shim) is loaded, and the command line.
/// </summary>
internal static class PsCommand
{
    public static Command Create()
    {
        var command = new Command("ps", "List the running .NET processes of this user: pid, name, runtime, whether dotnet-telemetry is loaded, command line.");
        command.SetAction(_ =>
        {
            if (!OperatingSystem.IsLinux())
            {
                Console.Error.WriteLine("dotnet-telemetry ps: supported on Linux only.");
                return 2;
            }
            var processes = DotnetProcess.List();
            Console.WriteLine($"{"PID",7}  {"NAME",-20}  {"RUNTIME",-8}  {"AGENT",-14}  COMMAND");
            foreach (var process in processes)
            {
                string agent = !process.SameUser ? "other user"
                    : process.AgentLoaded ? (process.ShimLoaded ? "yes+profiler" : "yes")
                    : process.ShimLoaded ? "profiler only"
                    : "no";
                Console.WriteLine($"{process.Pid,7}  {Truncate(process.Name, 20),-20}  {process.RuntimeVersion?.ToString() ?? "?",-8}  {agent,-14}  {process.CommandLine}");
            }
            return 0;
        });
        return command;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
