using System.CommandLine;
using DotnetTelemetry.Cli.Attach;
using DotnetTelemetry.Cli.Live;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>
/// `dotnet-telemetry attach &lt;pid&gt; | -n &lt;name&gt;`: loads the agent (and, for function events, the
/// profiler shim) into a running .NET 8+ process and streams its telemetry v3 events until Ctrl+C,
/// --duration or the process's exit. Exit codes: 0 detached, 1 refused or failed, 2 bad usage,
/// 3 the process exited while attached.
/// </summary>
internal static class AttachCommand
{
    public static Command Create()
    {
        var pidArgument = new Argument<int?>("pid") { Description = "Process id of the target (see `dotnet-telemetry ps`).", Arity = ArgumentArity.ZeroOrOne };
        var nameOption = new Option<string?>("--name", "-n") { Description = "Attach to the one .NET process with this name (process name or app dll name)." };
        var includeOption = new Option<string?>("--include") { Description = "Methods to weave: ';'-separated globs (as DOTNET_TELEMETRY_INCLUDE)." };
        var excludeOption = new Option<string?>("--exclude") { Description = "Methods never to weave: ';'-separated globs (as DOTNET_TELEMETRY_EXCLUDE)." };
        var outputOption = new Option<string>("--output", "-o") { Description = "Where the events go: '-' (NDJSON on stdout, default), a file path (NDJSON), or 'otlp' (the OTEL_EXPORTER_OTLP_* endpoint).", DefaultValueFactory = _ => "-" };
        var formatOption = new Option<string>("--format") { Description = "Event format: v3 (telemetry v3 NDJSON).", DefaultValueFactory = _ => "v3" };
        var durationOption = new Option<double?>("--duration") { Description = "Detach after this many seconds (default: until Ctrl+C)." };
        var noFunctionsOption = new Option<bool>("--no-functions") { Description = "Runtime events only (exceptions, HTTP): do not attach the profiler, weave nothing." };
        var liveOption = new Option<bool>("--live") { Description = "Show a terminal view refreshed every second (hottest functions, slowest recent calls, exceptions, HTTP, drops) instead of writing events; q or Ctrl+C detaches." };
        var homeOption = new Option<string?>("--home") { Description = "The agent home as the target sees it (default: this CLI's home)." };

        var command = new Command("attach", "Attach to a running .NET 8+ process and stream its telemetry v3 events (function, exception, HTTP) without a restart.");
        command.Arguments.Add(pidArgument);
        foreach (var option in new Option[] { nameOption, includeOption, excludeOption, outputOption, formatOption, durationOption, noFunctionsOption, liveOption, homeOption })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellation) =>
        {
            if (!OperatingSystem.IsLinux())
            {
                Console.Error.WriteLine("dotnet-telemetry attach: supported on Linux only.");
                return 2;
            }
            if (parseResult.GetValue(formatOption) is { } format && !format.Equals("v3", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"dotnet-telemetry attach: --format {format} is not supported by attach; use v3.");
                return 2;
            }
            if (parseResult.GetValue(durationOption) is <= 0)
            {
                Console.Error.WriteLine("dotnet-telemetry attach: --duration must be a positive number of seconds.");
                return 2;
            }
            var (pid, error) = TargetResolver.Resolve(parseResult.GetValue(pidArgument), parseResult.GetValue(nameOption));
            if (error is not null)
            {
                Console.Error.WriteLine($"dotnet-telemetry attach: {error}");
                return 2;
            }

            var options = new AttachOptions(
                pid,
                AgentHome.Resolve(parseResult.GetValue(homeOption)),
                parseResult.GetValue(includeOption) ?? string.Empty,
                parseResult.GetValue(excludeOption) ?? string.Empty,
                parseResult.GetValue(outputOption) ?? "-",
                parseResult.GetValue(durationOption) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                !parseResult.GetValue(noFunctionsOption));

            var preflight = AttachPreflight.Check(DotnetProcess.Inspect(pid), pid, options.Home, options.FunctionEvents);
            if (preflight.Refusal is { } refusal)
            {
                Console.Error.WriteLine($"dotnet-telemetry attach: {refusal}");
                return 1;
            }

            if (parseResult.GetValue(liveOption))
            {
                if (parseResult.GetResult(outputOption) is { Implicit: false })
                {
                    Console.Error.WriteLine("dotnet-telemetry attach: --live shows the events instead of writing them; leave out -o.");
                    return 2;
                }
                var view = new LiveView($"dotnet-telemetry attach {pid} --live");
                using var liveOutput = new LiveOutput(view.Stats);
                return await view.RunAsync(quit => new AttachSession(options, liveOutput, view.Messages).RunAsync(preflight, quit), cancellation);
            }

            AttachOutput output;
            try
            {
                output = AttachOutput.Open(options.Output, Console.Error);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"dotnet-telemetry attach: cannot write {options.Output}: {e.Message}");
                return 1;
            }
            using (output)
            {
                return await new AttachSession(options, output, Console.Error).RunAsync(preflight, cancellation);
            }
        });
        return command;
    }
}
