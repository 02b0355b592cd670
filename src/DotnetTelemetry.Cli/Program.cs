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
        var parsed = root.Parse(args);
        // Bad usage (`attach abc`, an unknown option) is exit code 2, as every command documents; Invoke prints the
        // errors and the help, and would return 1, the code of a refused or failed operation.
        int exitCode = parsed.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = TerminationTimeout(parsed) });
        return parsed.Errors.Count > 0 ? 2 : exitCode;
    }

    /// <summary>
    /// How long a command may take to finish after Ctrl+C or SIGTERM before System.CommandLine ends the process with
    /// 130. `attach` detaches on Ctrl+C (stop the session, drain it, flush the output: bounded by AttachSession at
    /// 25 s); cut short, it would leave a half-written last line and the wrong exit code. Others keep the default.
    /// </summary>
    private static TimeSpan? TerminationTimeout(ParseResult parsed) =>
        parsed.CommandResult.Command.Name == "attach" ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(2);
}
