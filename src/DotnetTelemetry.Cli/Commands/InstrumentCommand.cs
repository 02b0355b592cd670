using System.CommandLine;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>`dotnet-telemetry instrument`: not built yet (see the open issues); says so and exits 2.</summary>
internal static class InstrumentCommand
{
    public static Command Create()
    {
        var command = new Command("instrument", "(not available yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("dotnet-telemetry instrument: not available in this build yet.");
            return 2;
        });
        return command;
    }
}
