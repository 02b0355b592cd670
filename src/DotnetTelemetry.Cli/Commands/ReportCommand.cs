using System.CommandLine;
using System.Globalization;
using DotnetTelemetry.Cli.Report;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>
/// `dotnet-telemetry report &lt;events.ndjson | directory&gt; [-o report.html]`: one self-contained HTML page (trace list,
/// waterfalls, flame graph, tables) from a telemetry v3 NDJSON file or a directory of rotated files.
/// Exit codes: 0 written, 1 the output could not be written, 2 bad usage or unreadable input.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("events")
        {
            Description = "An NDJSON file of telemetry v3 events, or a directory of them (a `file:` output with its rotated files events.ndjson.1, ...).",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The HTML file to write (default: report.html beside the events).",
        };
        var command = new Command("report", "Write one self-contained HTML page from telemetry v3 events: traces and their waterfalls, a flame graph, slowest functions, exceptions, HTTP endpoints.")
        {
            input,
            output,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(input)!, parseResult.GetValue(output), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string input, string? output, TextWriter stdout, TextWriter stderr)
    {
        var (files, error) = EventFiles.Resolve(input);
        if (error is not null)
        {
            stderr.WriteLine($"dotnet-telemetry report: {error}");
            return 2;
        }
        string outputPath = output ?? Path.Combine(Directory.Exists(input) ? input : Path.GetDirectoryName(Path.GetFullPath(input))!, "report.html");
        ReportResult result;
        try
        {
            result = ReportGenerator.Generate(files, outputPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"dotnet-telemetry report: {e.Message}");
            return 1;
        }
        if (result.UnreadableLines > 0)
        {
            stderr.WriteLine($"dotnet-telemetry report: {result.UnreadableLines} line(s) are not telemetry v3 events and were skipped (the page says which came first)");
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"report: {outputPath} ({result.Events} events, {result.Traces} traces, {result.OutputBytes / 1024.0:F0} KiB, {result.Elapsed.TotalSeconds:F1} s)"));
        return 0;
    }
}
