using System.CommandLine;
using System.Text;
using DotnetTelemetry.Schema;
using DotnetTelemetry.Schema.Validation;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>
/// `dotnet-telemetry validate &lt;file.ndjson | -&gt;`: checks every line of a telemetry v3 stream against the
/// JSON Schema and the cross-line rules, prints "line N: reason" per problem and a summary.
/// <c>--partial</c> accepts function exits whose entry is not in the input. Exit codes: 0 all events valid, 1 some event invalid, 2 input unreadable.
/// </summary>
internal static class ValidateCommand
{
    public const int AllValid = 0;
    public const int SomeInvalid = 1;
    public const int Unreadable = 2;

    public static Command Create()
    {
        var file = new Argument<string?>("file")
        {
            Description = "NDJSON file of telemetry v3 events, or - for standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var printSchema = new Option<bool>("--print-schema")
        {
            Description = $"Print the JSON Schema ({TelemetrySchema.FileName}, draft 2020-12) the events are checked against, and exit.",
        };
        var partial = new Option<bool>("--partial")
        {
            Description = "The input is part of a longer stream (it starts mid-run, or the agent dropped events): accept a " +
                          "function_exit whose function_entry is not in the input. Everything else is still checked.",
        };
        var command = new Command("validate",
            "Check telemetry v3 NDJSON: every line against the JSON Schema, plus timestamp/timestamp_ns agreement, " +
            "duration_ms = duration_ns/1e6, function_exit after its function_entry, and sequence increasing per process. " +
            "Exit code 0: all valid; 1: some line invalid; 2: input unreadable.")
        {
            file,
            printSchema,
            partial,
        };
        command.SetAction(parseResult =>
        {
            if (parseResult.GetValue(printSchema))
            {
                Console.Out.Write(TelemetrySchema.Json);
                return AllValid;
            }
            return Run(parseResult.GetValue(file), Console.Out, Console.Error, parseResult.GetValue(partial));
        });
        return command;
    }

    internal static int Run(string? path, TextWriter output, TextWriter errors, bool partial = false)
    {
        if (string.IsNullOrEmpty(path))
        {
            errors.WriteLine("dotnet-telemetry validate: give a file of NDJSON events, or - to read standard input.");
            return Unreadable;
        }

        TextReader reader;
        try
        {
            reader = path == "-"
                ? new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false))
                : new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.WriteLine($"dotnet-telemetry validate: cannot read {path}: {ex.Message}");
            return Unreadable;
        }

        ValidationSummary summary;
        try
        {
            using (reader)
            {
                summary = EventStreamValidator.Validate(reader, failure => output.WriteLine(failure.ToString()), partial);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"dotnet-telemetry validate: reading {path} failed: {ex.Message}");
            return Unreadable;
        }

        output.WriteLine(summary.ToString());
        return summary.AllValid ? AllValid : SomeInvalid;
    }
}
