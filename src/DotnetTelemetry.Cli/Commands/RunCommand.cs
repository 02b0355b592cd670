using System.CommandLine;
using DotnetTelemetry.Cli.Run;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>
/// <c>dotnet-telemetry run [options] -- &lt;command...&gt;</c>: runs a command with the agent switched on through
/// its environment (the startup hook), forwarding stdin, stdout, stderr, SIGINT/SIGTERM and the exit code.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where events go: stdout, stderr, file:<path>, otlp or none; comma-separated for several (DOTNET_TELEMETRY_OUTPUT).",
        };
        var format = new Option<string>("--format")
        {
            Description = "Line format of stdout/stderr/file outputs: v3 (default) or ecs (DOTNET_TELEMETRY_FORMAT).",
        };
        format.AcceptOnlyFromAmong("v3", "ecs");
        var include = new Option<string[]>("--include")
        {
            Description = "Methods to instrument, as globs (repeat the option or separate with ';') (DOTNET_TELEMETRY_INCLUDE).",
        };
        var exclude = new Option<string[]>("--exclude")
        {
            Description = "Methods never to instrument, as globs (DOTNET_TELEMETRY_EXCLUDE).",
        };
        var serviceName = new Option<string>("--service-name")
        {
            Description = "The service name in every event (OTEL_SERVICE_NAME); default: the entry assembly's name.",
        };
        var mode = new Option<string>("--mode")
        {
            Description = "How function events are produced: auto (default: profiler when the shim is in the agent home, else weave), "
                + "profiler (load-time weaving through the shim, nothing written), weave (a woven copy of the app from the weave cache), "
                + "hook-only (startup hook only: HTTP and exception events, no function events).",
        };
        mode.AcceptOnlyFromAmong(RunModes.All);
        var live = new Option<bool>("--live")
        {
            Description = "Show a terminal view refreshed every second (hottest functions, slowest recent calls, exceptions, HTTP, drops); "
                + "the app's output goes to a log file the view names; q or Ctrl+C stops the app.",
        };
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The command to run, after '--' (e.g. -- dotnet MyApp.dll --urls http://127.0.0.1:5000).",
            Arity = ArgumentArity.OneOrMore,
        };

        var command = new Command("run", "Run a command with the agent: telemetry v3 events for an unmodified .NET 8+ app.")
        {
            output, format, include, exclude, serviceName, mode, live, commandLine,
        };
        command.SetAction(parseResult =>
        {
            var options = new RunOptions
            {
                Output = parseResult.GetValue(output),
                Format = parseResult.GetValue(format),
                Include = parseResult.GetValue(include) ?? Array.Empty<string>(),
                Exclude = parseResult.GetValue(exclude) ?? Array.Empty<string>(),
                ServiceName = parseResult.GetValue(serviceName),
                Mode = parseResult.GetValue(mode),
                Live = parseResult.GetValue(live),
            };
            return RunLauncher.Run(options, parseResult.GetValue(commandLine) ?? Array.Empty<string>());
        });
        return command;
    }
}
