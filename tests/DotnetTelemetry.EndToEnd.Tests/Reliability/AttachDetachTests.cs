using System.Diagnostics;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests.Reliability;

/// <summary>
/// Ctrl+C on <c>attach</c> is the documented way to detach (issue 18, item 6): exit code 0, and the output file ends
/// with a whole line that <c>validate</c> accepts, however long closing the session takes.
/// </summary>
public class AttachDetachTests
{
    [Fact]
    public void Ctrl_C_detaches_cleanly_with_exit_code_0_and_a_whole_file()
    {
        using var agent = new AgentEnvironment();
        using var app = ProcessRunner.Start(ProcessRunner.DotnetHost, new[] { Artifacts.Sample("LongRunningSample"), "120" }, agent.Fence(), redirectStdin: true);
        try
        {
            Assert.Equal("LongRunningSample ready", app.StandardOutput.ReadLine());
            using var cli = ProcessRunner.Start(ProcessRunner.DotnetHost,
                new[] { Artifacts.CliDll, "attach", app.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", agent.EventsFile }, agent.Fence());
            var stderr = new System.Text.StringBuilder();
            var attached = new ManualResetEventSlim();
            cli.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (stderr) stderr.AppendLine(e.Data);
                if (e.Data.Contains("attached to", StringComparison.Ordinal)) attached.Set();
            };
            cli.BeginErrorReadLine();
            _ = app.StandardOutput.ReadToEndAsync(); // keep the app's pipe drained
            Assert.True(attached.Wait(TimeSpan.FromSeconds(60)), Text(stderr));
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(30) && (!File.Exists(agent.EventsFile) || new FileInfo(agent.EventsFile).Length == 0))
            {
                Thread.Sleep(100);
            }
            Thread.Sleep(1000); // events keep streaming while the signal arrives

            ProcessRunner.Signal(cli, ProcessRunner.SIGINT);

            Assert.True(cli.WaitForExit(60_000), Text(stderr));
            cli.WaitForExit();
            Assert.True(cli.ExitCode == 0, $"exit code {cli.ExitCode}\n{Text(stderr)}");
            Assert.Contains("detached from", Text(stderr));
            var validate = ProcessRunner.RunDotnet(Artifacts.CliDll, new[] { "validate", agent.EventsFile }, agent.Fence());
            Assert.True(validate.ExitCode == 0, validate.ToString());
            Assert.False(app.HasExited);
        }
        finally
        {
            if (!app.HasExited) app.Kill(entireProcessTree: true);
        }
    }

    private static string Text(System.Text.StringBuilder builder)
    {
        lock (builder) return builder.ToString();
    }
}
