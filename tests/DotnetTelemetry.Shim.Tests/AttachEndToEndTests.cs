using System.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;

namespace DotnetTelemetry.Shim.Tests;

/// <summary>
/// The shim attached to a running process (AttachProfiler, no environment variable at start): it
/// initialises for attach, finds the modules that loaded before it, and ReJITs a method that had
/// already been compiled and run.
/// </summary>
public class AttachEndToEndTests
{
    [Fact]
    public void Shim_attached_to_a_running_process_rejits_an_already_compiled_method()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ReJitApp.dll"));
        start.ArgumentList.Add("wait-attach");
        foreach (string name in new[] { "CORECLR_ENABLE_PROFILING", "CORECLR_PROFILER", "CORECLR_PROFILER_PATH", "DOTNET_STARTUP_HOOKS" })
        {
            start.Environment.Remove(name);
        }
        using var process = Process.Start(start)!;
        try
        {
            Assert.Equal("warm=1", process.StandardOutput.ReadLine());
            Assert.Equal("ready", process.StandardOutput.ReadLine());

            string shim = ShimLocator.ShimPath();
            new DiagnosticsClient(process.Id).AttachProfiler(TimeSpan.FromSeconds(10), new Guid(ShimLocator.ProfilerClsid), shim,
                System.Text.Encoding.UTF8.GetBytes("include=test\n"));
            process.StandardInput.WriteLine(shim);
            process.StandardInput.Close();

            string output = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(60_000), "the fixture did not finish");
            var result = new ProcessRunner.Result(process.ExitCode, output, process.StandardError.ReadToEnd());
            Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
            Assert.Equal("True", result.Value("attached"));
            Assert.Equal("Attach", result.Value("mode"));
            Assert.Equal("True", result.Value("module-found"));      // loaded before the attach
            Assert.Equal("0x00000000", result.Value("rejit"));
            Assert.Contains("rejit-ok", result.Lines);
            Assert.Equal("42", result.Value("after"));                // already compiled, now replaced
            Assert.Equal("1", result.Value("reverted"));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
