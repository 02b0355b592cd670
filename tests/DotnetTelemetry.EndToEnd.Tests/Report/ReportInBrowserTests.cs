using System.Diagnostics;
using System.Text.Json.Nodes;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DotnetTelemetry.EndToEnd.Tests.Report;

/// <summary>
/// `dotnet-telemetry report` as a person uses it: the console sample run under the agent, its report written by the
/// CLI, the page opened in headless Chromium and read through the DevTools protocol. The screenshot lands in
/// artifacts/screenshots/report.png (the README's picture is a copy of one).
/// </summary>
public class ReportInBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_report_of_a_real_run_draws_its_trace_its_flame_graph_and_tables_without_errors()
    {
        using var agent = new AgentEnvironment();
        var run = ProcessRunner.RunDotnet(Artifacts.CliDll, new[] { "run", "-o", "file:" + agent.EventsFile, "--", ProcessRunner.DotnetHost, Artifacts.ConsoleSample }, agent.Fence());
        Assert.Equal(0, run.ExitCode);
        var log = agent.ReadEvents();
        string page = Path.Combine(agent.Directory, "report.html");
        var report = ProcessRunner.RunDotnet(Artifacts.CliDll, new[] { "report", agent.EventsFile, "-o", page });
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Contains(page, report.Stdout);

        await using var chromium = await HeadlessChromium.StartAsync();
        await chromium.OpenAsync(page);

        // The trace of Program.Main (the slowest: the sample's whole run) is listed first and drawn.
        var traceNames = (await chromium.EvaluateAsync("[...document.querySelectorAll('.trace-row td.name')].map(td => td.textContent)"))!.AsArray();
        Assert.Equal("Program.Main", (string?)traceNames[0]);

        // The waterfall: spans in depth-first order with their depth. ProcessAllAsync awaits its three ProcessAsync calls,
        // each of which calls Price after an await: they nest by parent span id, not by thread.
        var rows = (await chromium.EvaluateAsync("[...document.querySelectorAll('#waterfall .wf-span')].map(r => [r.dataset.name, Number(r.dataset.depth), r.dataset.kind])"))!
            .AsArray().Select(r => (Name: (string)r![0]!, Depth: (int)r[1]!, Kind: (string)r[2]!)).ToList();
        output.WriteLine(string.Join("\n", rows.Select(r => new string(' ', r.Depth * 2) + r.Name + " (" + r.Kind + ")")));
        Assert.Equal(("Program.Main", 0), (rows[0].Name, rows[0].Depth));
        int processAll = rows.FindIndex(r => r.Name == "ConsoleSample.OrderService.ProcessAllAsync");
        Assert.Equal(1, rows[processAll].Depth);
        var underProcessAll = rows.Skip(processAll + 1).TakeWhile(r => r.Depth > 1).ToList();
        Assert.Equal(
            Enumerable.Repeat(new[] { ("ConsoleSample.OrderService.ProcessAsync", 2), ("ConsoleSample.OrderService.Price", 3) }, 3).SelectMany(x => x).ToList(),
            underProcessAll.Select(r => (r.Name, r.Depth)).ToList());
        int validate = rows.FindIndex(r => r.Name == "ConsoleSample.OrderService.Validate");
        int failLater = rows.FindIndex(r => r.Name == "ConsoleSample.OrderService.FailLaterAsync");
        int httpClient = rows.FindIndex(r => r.Kind == "http client");
        Assert.True(processAll < validate && validate < failLater && failLater < httpClient, $"order: {processAll} {validate} {failLater} {httpClient}");
        Assert.Equal(1, rows[httpClient].Depth);
        Assert.StartsWith("GET http://127.0.0.1:", rows[httpClient].Name);

        // Where exceptions were thrown and caught: a mark row right under the span.
        var marks = (await chromium.EvaluateAsync("[...document.querySelectorAll('#waterfall .wf-mark')].map(r => [r.dataset.mark, r.dataset.name, Number(r.dataset.span)])"))!.AsArray();
        var validateSpan = (int)(await chromium.EvaluateAsync($"Number(document.querySelectorAll('#waterfall .wf-span')[{validate}].dataset.span)"))!;
        Assert.Contains(marks, m => (string?)m![0] == "thrown" && ((string)m[1]!).StartsWith("System.ArgumentOutOfRangeException", StringComparison.Ordinal) && (int)m[2]! == validateSpan);
        Assert.Contains(marks, m => (string?)m![0] == "caught" && (string?)m[1] == "System.InvalidOperationException");

        // The flame graph's largest frame under "all": the function whose root calls took the most time, from the events themselves.
        string expectedLargest = log.OfType("function_exit").Where(e => e.Str("parent_span_id") is null)
            .GroupBy(e => e.Str("function_name")!).OrderByDescending(g => g.Sum(e => e.GetProperty("duration_ns").GetInt64())).First().Key;
        var largest = await chromium.EvaluateAsync("(() => { const f = [...document.querySelectorAll('.flame-frame')].filter(f => f.dataset.depth === '1').sort((a, b) => b.dataset.total - a.dataset.total)[0]; return [f.dataset.name, f.getBoundingClientRect().width]; })()");
        Assert.Equal(expectedLargest, (string?)largest![0]);
        // A click zooms: the clicked frame then fills the graph's width.
        await chromium.EvaluateAsync("[...document.querySelectorAll('.flame-frame')].find(f => f.dataset.name === 'ConsoleSample.OrderService.ProcessAllAsync').click()");
        var zoomed = await chromium.EvaluateAsync("(() => { const g = document.getElementById('flame-graph').getBoundingClientRect().width; const f = [...document.querySelectorAll('.flame-frame')].find(f => f.dataset.name === 'ConsoleSample.OrderService.ProcessAllAsync'); return f.getBoundingClientRect().width / g; })()");
        Assert.True((double)zoomed! > 0.95, $"zoomed width share {zoomed}");

        // The tables: every function of the run, exceptions by type and thrower, the HTTP call by status.
        var functions = (await chromium.EvaluateAsync("[...document.querySelectorAll('#functions tbody tr td:first-child')].map(td => td.textContent)"))!.AsArray().Select(n => (string)n!).ToList();
        Assert.Equal(log.OfType("function_exit").Select(e => e.Str("function_name")!).Distinct().Order(), functions.Order());
        var exceptions = (await chromium.EvaluateAsync("[...document.querySelectorAll('#exceptions-rows tbody tr')].map(tr => [...tr.cells].map(c => c.textContent))"))!.AsArray();
        Assert.Contains(exceptions, row => (string?)row![0] == "System.ArgumentOutOfRangeException" && (string?)row[1] == "ConsoleSample.OrderService.Validate");
        var http = (await chromium.EvaluateAsync("[...document.querySelectorAll('#http-rows tbody tr')].map(tr => [...tr.cells].map(c => c.textContent))"))!.AsArray();
        Assert.Contains(http, row => (string?)row![0] == "http client" && (string?)row[2] == "200" && (string?)row[3] == "1");

        await chromium.EvaluateAsync("[...document.querySelectorAll('.flame-frame')][0].click()");
        await chromium.ScreenshotAsync(Path.Combine(Artifacts.RepositoryRoot, "artifacts", "screenshots", "report.png"), fullPage: true);
        Assert.Empty(chromium.Errors);
    }

    /// <summary>A million generated events (no timing assertion: the time is printed, and measured in bench/RESULTS.md).</summary>
    [Fact]
    public async Task A_report_of_a_million_events_completes_and_opens()
    {
        string directory = Directory.CreateTempSubdirectory("report-million-").FullName;
        try
        {
            string events = Path.Combine(directory, "events.ndjson");
            int written = GeneratedEvents.Write(events, targetEvents: 1_000_000);
            var clock = Stopwatch.StartNew();
            var report = ProcessRunner.RunDotnet(Artifacts.CliDll, new[] { "report", directory }, timeout: TimeSpan.FromMinutes(5));
            output.WriteLine($"{written} events, {new FileInfo(events).Length / 1e6:F0} MB: {report.Stdout.Trim()} (wall {clock.Elapsed.TotalSeconds:F1} s)");
            Assert.True(report.ExitCode == 0, report.Stderr);
            string page = Path.Combine(directory, "report.html");
            Assert.Contains($"{written} events", report.Stdout);

            await using var chromium = await HeadlessChromium.StartAsync();
            await chromium.OpenAsync(page);
            var shown = await chromium.EvaluateAsync("[document.querySelectorAll('.trace-row').length, document.getElementById('notes').textContent]");
            Assert.Equal(400, (int)shown![0]!);
            Assert.Contains("of 50000 traces", (string?)shown[1]);
            Assert.Empty(chromium.Errors);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
