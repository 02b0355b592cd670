using System.CommandLine;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>`dotnet-telemetry ps`: not built yet (see the open issues); says so and exits 2.</summary>
internal static class PsCommand
{
    public static Command Create()
    {
        var command = new Command("ps", "(not available yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("dotnet-telemetry ps: not available in this build yet.");
            return 2;
        });
        return command;
    }
}
