using System.CommandLine;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>`dotnet-telemetry validate`: not built yet (see the open issues); says so and exits 2.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var command = new Command("validate", "(not available yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("dotnet-telemetry validate: not available in this build yet.");
            return 2;
        });
        return command;
    }
}
