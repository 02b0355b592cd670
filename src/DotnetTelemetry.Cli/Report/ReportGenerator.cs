using System.Diagnostics;
using System.Text;

namespace DotnetTelemetry.Cli.Report;

/// <summary>What one report run read and wrote.</summary>
internal sealed record ReportResult(long Events, long UnreadableLines, int Traces, long OutputBytes, TimeSpan Elapsed);

/// <summary>
/// Events file(s) to one HTML page: streams every line through the parser into the trace assembler, aggregates in
/// memory (spans, flame graph, tables), then writes the page with the data embedded.
/// </summary>
internal static class ReportGenerator
{
    /// <summary>Flame frames under this share of all function time are left out of the page (and counted on it).</summary>
    public const double FlameMinimumFraction = 0.0005;

    public static ReportResult Generate(IReadOnlyList<string> inputs, string outputPath)
    {
        var clock = Stopwatch.StartNew();
        var parser = new ReportEventParser();
        var assembler = new TraceAssembler();
        var current = new ReportEvent();
        long lines = 0, unreadable = 0;
        string? firstUnreadable = null;
        foreach (string input in inputs)
        {
            using var stream = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
            NdjsonLines.Read(stream, (line, lineNumber) =>
            {
                lines++;
                if (parser.TryParse(line, current, out string? error))
                {
                    assembler.Add(current);
                }
                else
                {
                    unreadable++;
                    firstUnreadable ??= $"{Path.GetFileName(input)} line {lineNumber}: {error}";
                }
            });
        }
        assembler.Complete();

        var spansById = assembler.Spans.ToDictionary(s => s.Id);
        var flame = FlameGraph.Build(spansById);
        var functions = FunctionStats.Compute(assembler.Spans, flame.ChildTimeBySpan);
        flame.Prune(FlameMinimumFraction);
        var endpoints = HttpEndpointStats.Compute(assembler.Spans);
        var traces = TraceIndex.Group(assembler.Spans);
        var shown = TraceIndex.Shown(traces);

        var facts = new ReportFacts(inputs, lines, unreadable, firstUnreadable, DateTimeOffset.UtcNow, Notes(traces, shown, flame));
        string temporary = outputPath + ".tmp";
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            HtmlReportTemplate.Write(output, data => new ReportJson().Write(data, facts, assembler, traces, shown, flame, functions, endpoints));
        }
        // Written aside then moved: an interrupted run never leaves a half page where a good one was.
        File.Move(temporary, outputPath, overwrite: true);
        return new ReportResult(assembler.Events, unreadable, traces.Count, new FileInfo(outputPath).Length, clock.Elapsed);
    }

    /// <summary>What the page leaves out, said on the page.</summary>
    private static List<string> Notes(List<TraceSummary> traces, List<TraceSummary> shown, FlameGraph flame)
    {
        var notes = new List<string>();
        if (shown.Count < traces.Count)
        {
            notes.Add($"The trace list shows {shown.Count} of {traces.Count} traces: the {Math.Min(TraceIndex.MaxTracesShown, traces.Count)} slowest and up to {TraceIndex.MaxFailedTracesShown} more that failed. The tables and the flame graph count every trace.");
        }
        int cut = shown.Count(t => t.Spans.Count > TraceIndex.MaxSpansPerTrace);
        if (cut > 0)
        {
            notes.Add($"{cut} trace(s) have more than {TraceIndex.MaxSpansPerTrace} spans: their waterfall draws the {TraceIndex.MaxSpansPerTrace} longest.");
        }
        if (flame.PrunedNodes > 0)
        {
            notes.Add($"The flame graph leaves out {flame.PrunedNodes} frames under {FlameMinimumFraction:P2} of all function time (their time stays in their callers' totals).");
        }
        if (flame.CutChains > 0)
        {
            notes.Add($"{flame.CutChains} call chains deeper than 512 frames are cut in the flame graph.");
        }
        return notes;
    }
}
