using System.CommandLine;
using System.Diagnostics;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>
/// `dotnet-telemetry run [--mode weave|hook-only] [opts] -- &lt;command...&gt;`: runs a command with the agent.
/// Minimal launcher (the in-process agent issue owns this file and extends it): sets the startup hook, weaves the
/// app into the weave cache in `weave` mode, forwards stdio and the exit code.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var mode = new Option<string>("--mode") { Description = "weave (default: woven copy of the app from the weave cache) or hook-only (startup hook, no function events).", DefaultValueFactory = _ => "weave" };
        mode.AcceptOnlyFromAmong("weave", "hook-only");
        var output = new Option<string?>("--output", "-o") { Description = "Sets DOTNET_TELEMETRY_OUTPUT for the app (stdout, stderr, file:<path>, otlp, none)." };
        var include = new Option<string?>("--include") { Description = "Selection globs (DOTNET_TELEMETRY_INCLUDE syntax)." };
        var exclude = new Option<string?>("--exclude") { Description = "Exclusion globs (DOTNET_TELEMETRY_EXCLUDE syntax)." };
        var commandLine = new Argument<string[]>("command") { Description = "The command to run, after --.", Arity = ArgumentArity.OneOrMore };

        var command = new Command("run", "Run a .NET app with the agent: `dotnet-telemetry run -- dotnet app.dll`.");
        command.Options.Add(mode);
        command.Options.Add(output);
        command.Options.Add(include);
        command.Options.Add(exclude);
        command.Arguments.Add(commandLine);
        command.SetAction(result =>
        {
            var child = result.GetValue(commandLine)!;
            string includeValue = result.GetValue(include) ?? Environment.GetEnvironmentVariable("DOTNET_TELEMETRY_INCLUDE") ?? string.Empty;
            string excludeValue = result.GetValue(exclude) ?? Environment.GetEnvironmentVariable("DOTNET_TELEMETRY_EXCLUDE") ?? string.Empty;
            if (result.GetValue(mode) == "weave")
            {
                child = WeaveModeLauncher.PrepareOrKeep(child, new[] { includeValue }.Where(v => v.Length > 0), new[] { excludeValue }.Where(v => v.Length > 0), Console.Error);
            }
            return Launch(child, result.GetValue(output), includeValue, excludeValue);
        });
        return command;
    }

    private static int Launch(string[] child, string? output, string include, string exclude)
    {
        var start = new ProcessStartInfo(child[0]) { UseShellExecute = false };
        foreach (var argument in child.Skip(1)) start.ArgumentList.Add(argument);
        string hook = Path.Combine(AgentHome(), "startup-hook", "DotnetTelemetry.StartupHook.dll");
        if (File.Exists(hook))
        {
            string? existing = Environment.GetEnvironmentVariable("DOTNET_STARTUP_HOOKS");
            start.Environment["DOTNET_STARTUP_HOOKS"] = string.IsNullOrEmpty(existing) ? hook : existing + Path.PathSeparator + hook;
        }
        if (output is not null) start.Environment["DOTNET_TELEMETRY_OUTPUT"] = output;
        if (include.Length > 0) start.Environment["DOTNET_TELEMETRY_INCLUDE"] = include;
        if (exclude.Length > 0) start.Environment["DOTNET_TELEMETRY_EXCLUDE"] = exclude;
        try
        {
            using var process = Process.Start(start)!;
            Console.CancelKeyPress += (_, e) => e.Cancel = true; // the child gets Ctrl+C too; wait for it to exit
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"dotnet-telemetry run: cannot start '{child[0]}': {e.Message}");
            return 127;
        }
    }

    /// <summary>The agent home: the CLI lives in &lt;home&gt;/cli/.</summary>
    private static string AgentHome() => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, ".."));
}
