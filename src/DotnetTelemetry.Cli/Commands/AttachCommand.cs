using System.CommandLine;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>`dotnet-telemetry attach`: not built yet (see the open issues); says so and exits 2.</summary>
internal static class AttachCommand
{
    public static Command Create()
    {
        var command = new Command("attach", "(not available yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("dotnet-telemetry attach: not available in this build yet.");
            return 2;
        });
        return command;
    }
}
