using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DotnetTelemetry.EndToEnd.Tests.Report;

/// <summary>
/// `attach &lt;pid&gt; --live` as a person uses it: in a real terminal (tmux), against the long-running sample, its
/// screen read with capture-pane, `q` typed with send-keys. The screen is also rendered to
/// artifacts/screenshots/live.png through headless Chromium (the README's picture is a copy of one).
/// </summary>
public class LiveViewInTerminalTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly Regex ComputeRow = new(@"LongRunningSample\.Worker\.Compute\s+[\d.]+ [nums]+\s+(\d+)\s+([\d.]+)");

    [Fact]
    public async Task Attach_live_shows_the_apps_functions_and_counts_and_q_detaches_leaving_it_running()
    {
        using var app = ProcessRunner.Start(ProcessRunner.DotnetHost, new[] { Artifacts.Sample("LongRunningSample") }, redirectStdin: true);
        var lines = new List<string>();
        app.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        int Rounds() { lock (lines) return lines.Count(l => l.StartsWith("round ", StringComparison.Ordinal)); }
        Assert.True(Eventually(() => Rounds() > 0), "the sample did not start its rounds");

        string session = $"live-{Environment.ProcessId}-{app.Id}";
        string cli = $"{ProcessRunner.DotnetHost} {Artifacts.CliDll} attach {app.Id} --live; echo LIVE-EXITED $?; sleep 120";
        Tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "45", cli);
        try
        {
            string screen = "";
            Assert.True(Eventually(() =>
            {
                screen = Tmux("capture-pane", "-p", "-t", session);
                return ComputeRow.Match(screen) is { Success: true } row && int.Parse(row.Groups[1].Value) >= 3;
            }), "the live view never showed three calls of Worker.Compute:\n" + screen);
            output.WriteLine(screen);

            // The counts are the app's: each round calls Compute once and makes one HTTP call answered 200.
            var compute = ComputeRow.Match(screen);
            Assert.InRange(int.Parse(compute.Groups[1].Value), 3, Rounds());
            Assert.Contains("LongRunningSample.Worker.Validate", screen);
            Assert.Contains("HOTTEST FUNCTIONS", screen);
            Assert.Contains("SLOWEST RECENT CALLS", screen);
            Assert.Matches(@"HTTP status codes: 200:\d+", screen);
            Assert.Contains($"attached to {app.Id}", screen);
            await RenderAsync(screen, Path.Combine(Artifacts.RepositoryRoot, "artifacts", "screenshots", "live.png"));

            Tmux("send-keys", "-t", session, "q");
            string after = "";
            Assert.True(Eventually(() => (after = Tmux("capture-pane", "-p", "-t", session)).Contains("LIVE-EXITED", StringComparison.Ordinal)), "q did not end the view:\n" + after);
            Assert.Contains("LIVE-EXITED 0", after);
            Assert.Contains($"detached from {app.Id}", after);

            // The target runs on after the detach.
            int roundsAtDetach = Rounds();
            Assert.True(Eventually(() => Rounds() >= roundsAtDetach + 3), "the app stopped after the detach");
            Assert.False(app.HasExited);
        }
        finally
        {
            Tmux("kill-session", "-t", session);
            app.StandardInput.WriteLine("stop");
            if (!app.WaitForExit(TimeSpan.FromSeconds(20))) app.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The captured terminal text, drawn as a terminal would (monospace, dark) and photographed by Chromium.</summary>
    private static async Task RenderAsync(string screen, string pngPath)
    {
        string html = Path.Combine(Path.GetTempPath(), $"live-screen-{Environment.ProcessId}.html");
        await File.WriteAllTextAsync(html,
            "<!DOCTYPE html><html><body style=\"margin:0;background:#1e1e1e\"><pre style=\"margin:0;padding:10px;color:#e6e6e6;font:13px/1.3 monospace\">"
            + WebUtility.HtmlEncode(screen.TrimEnd()) + "</pre><script>document.body.dataset.rendered='true'</script></body></html>");
        try
        {
            await using var chromium = await HeadlessChromium.StartAsync(width: 1160, height: 560);
            await chromium.OpenAsync(html);
            await chromium.ScreenshotAsync(pngPath, fullPage: false);
        }
        finally
        {
            File.Delete(html);
        }
    }

    private static string Tmux(params string[] arguments)
    {
        var result = ProcessRunner.Run("tmux", arguments, timeout: TimeSpan.FromSeconds(20));
        Assert.True(result.ExitCode == 0 || arguments[0] == "kill-session", $"tmux {string.Join(' ', arguments)}: {result.Stderr}");
        return result.Stdout;
    }

    private static bool Eventually(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (condition()) return true;
            Thread.Sleep(500);
        }
        return condition();
    }
}
