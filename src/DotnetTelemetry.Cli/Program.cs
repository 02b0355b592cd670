using System.CommandLine;
using DotnetTelemetry.Cli.Commands;

namespace DotnetTelemetry.Cli;

/// <summary>Entry point of <c>dotnet-telemetry</c>: one sub-command per verb, each in its own file under Commands/.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("dotnet-telemetry: zero-code telemetry v3 for .NET 8+ apps (function spans, exceptions, HTTP).");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(InstrumentCommand.Create());
        root.Subcommands.Add(AttachCommand.Create());
        root.Subcommands.Add(PsCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        var parsed = root.Parse(args);
        // Bad usage (`attach abc`, an unknown option) is exit code 2, as every command documents; Invoke prints the
        // errors and the help, and would return 1, the code of a refused or failed operation.
        int exitCode = parsed.CommandResult.Command.Name == "attach"
            ? parsed.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = AttachDetachTimeout })
            : parsed.Invoke();
        return parsed.Errors.Count > 0 ? 2 : exitCode;
    }

    /// <summary>
    /// `attach` detaches on Ctrl+C or SIGTERM (stop the session, drain it, flush the output: bounded by AttachSession at
    /// 25 s); this has System.CommandLine hand it the signal as its cancellation token and wait that long, where the
    /// plain Invoke let the signal end the process at once with 130 and a half-written last line. The other commands
    /// keep the plain Invoke: `run` forwards signals to its child itself and must wait for the child however long.
    /// </summary>
    private static readonly TimeSpan AttachDetachTimeout = TimeSpan.FromSeconds(30);
}
