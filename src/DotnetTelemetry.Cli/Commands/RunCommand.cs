using System.CommandLine;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>`dotnet-telemetry run`: not built yet (see the open issues); says so and exits 2.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "(not available yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("dotnet-telemetry run: not available in this build yet.");
            return 2;
        });
        return command;
    }
}
