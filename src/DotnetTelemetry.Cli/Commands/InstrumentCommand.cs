using System.CommandLine;
using DotnetTelemetry.Weaver;
using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Cli.Commands;

/// <summary>
/// `dotnet-telemetry instrument &lt;dir | dll&gt; [-o out] [--include ...] [--exclude ...]`: weaves an app ahead of time.
/// In place, every replaced file keeps a `.orig` backup; with -o, the input is copied first and never written.
/// </summary>
internal static class InstrumentCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "An app folder (its own assemblies are woven) or one .dll." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the woven app (folder) or assembly (file or folder) here instead of in place." };
        var include = new Option<string?>("--include") { Description = "Selection globs, ';'-separated (like DOTNET_TELEMETRY_INCLUDE): 'MyApp.*;[MyLib]MyLib.Core.*;!MyApp.Generated.*'." };
        var exclude = new Option<string?>("--exclude") { Description = "Exclusion globs, ';'-separated (like DOTNET_TELEMETRY_EXCLUDE)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every method that was skipped, with its reason." };

        var command = new Command("instrument", "Weave function entry/exit probes into an app's assemblies ahead of time (in place with .orig backups, or into -o).");
        command.Arguments.Add(path);
        command.Options.Add(output);
        command.Options.Add(include);
        command.Options.Add(exclude);
        command.Options.Add(verbose);
        command.SetAction(result =>
        {
            SelectionRules rules;
            try
            {
                rules = SelectionRules.Parse(result.GetValue(include) ?? Environment.GetEnvironmentVariable("DOTNET_TELEMETRY_INCLUDE"),
                    result.GetValue(exclude) ?? Environment.GetEnvironmentVariable("DOTNET_TELEMETRY_EXCLUDE"));
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"dotnet-telemetry instrument: {e.Message}");
                return 2;
            }
            return Run(result.GetValue(path)!, result.GetValue(output), rules, result.GetValue(verbose), Console.Out, Console.Error);
        });
        return command;
    }

    internal static int Run(string input, string? output, SelectionRules rules, bool verbose, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            if (OutputPaths.Compare(input, output) == OutputRelation.SameAsInput)
            {
                // However it is spelled (`-o dir`, `-o /abs/dir/`, `a.dll -o a.dll`), writing over the input is weaving
                // in place, so it gets in place's promise: a .orig backup of every replaced file.
                stdout.WriteLine($"the output is the input: weaving {input} in place, with .orig backups");
                output = null;
            }
            WeaveSummary summary;
            HashSet<string>? mainAssemblies = null;
            if (Directory.Exists(input))
            {
                string target = input;
                if (output is not null)
                {
                    stdout.WriteLine($"copying {input} to {output}");
                    AppWeaver.CopyTree(input, output);
                    target = output;
                }
                mainAssemblies = AppFolder.Read(target).OwnAssemblies;
                summary = AppWeaver.WeaveFolderInPlace(target, rules, keepBackups: output is null, progress: line => stderr.WriteLine(line));
            }
            else if (File.Exists(input))
            {
                summary = WeaveOneFile(input, output, rules);
            }
            else
            {
                stderr.WriteLine($"dotnet-telemetry instrument: '{input}' does not exist.");
                return 2;
            }
            Print(summary, verbose, stdout);
            // In a folder, native dlls are expected and only reported, but not in place of the app's own assemblies
            // (named by its deps.json or runtimeconfig.json): a truncated main dll is an app that cannot run.
            var broken = summary.Assemblies.Where(a => a.Status is AssemblyStatus.NotDotNet or AssemblyStatus.Unsupported
                && mainAssemblies?.Contains(Path.GetFileNameWithoutExtension(a.Path)) == true).ToList();
            foreach (var assembly in broken)
            {
                stderr.WriteLine($"dotnet-telemetry instrument: {Path.GetFileName(assembly.Path)}, one of the app's own assemblies, is not a readable .NET assembly (truncated or corrupt); it was not woven.");
            }
            // A file named on the command line must be .NET.
            bool anyProblem = broken.Count > 0 || summary.Assemblies.Any(a => a.Status == AssemblyStatus.Failed
                || (!Directory.Exists(input) && a.Status is AssemblyStatus.NotDotNet or AssemblyStatus.Unsupported));
            return anyProblem ? 1 : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"dotnet-telemetry instrument: {e.Message}");
            return 1;
        }
    }

    private static WeaveSummary WeaveOneFile(string input, string? output, SelectionRules rules)
    {
        var summary = new WeaveSummary();
        // A single file named on the command line is woven whatever the default selection says about "own" assemblies.
        if (output is null)
        {
            summary.Assemblies.Add(AppWeaver.WeaveFileInPlace(input, rules, keepBackups: true));
            if (summary.AssembliesWoven > 0) InstallProbesBeside(input, keepBackups: true);
            return summary;
        }
        string target = Directory.Exists(output) || output.EndsWith(Path.DirectorySeparatorChar) ? Path.Combine(output, Path.GetFileName(input)) : output;
        summary.Assemblies.Add(AssemblyFileWeaver.Weave(input, target, rules));
        if (summary.AssembliesWoven > 0) InstallProbesBeside(target, keepBackups: false);
        return summary;
    }

    /// <summary>The probes go beside the woven file, and into the folder's deps.json when it has one (an app's own folder).</summary>
    private static void InstallProbesBeside(string file, bool keepBackups)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        AppWeaver.InstallProbes(directory, AppFolder.Read(directory).DepsJsonPath, keepBackups);
    }

    private static void Print(WeaveSummary summary, bool verbose, TextWriter stdout)
    {
        foreach (var assembly in summary.Assemblies)
        {
            string detail = assembly.Status == AssemblyStatus.Woven
                ? $"{assembly.WovenCount} methods woven, {assembly.Methods.Count - assembly.WovenCount} skipped"
                : assembly.Message ?? string.Empty;
            if (assembly.Status == AssemblyStatus.Woven && assembly.Message is not null) detail += $" ({assembly.Message})";
            stdout.WriteLine($"{Label(assembly.Status),-14} {Path.GetFileName(assembly.Path)}: {detail}");
            if (verbose)
            {
                foreach (var method in assembly.Methods.Where(m => !m.Woven && m.SkipReason != SkipReasons.NotSelected))
                {
                    stdout.WriteLine($"    skipped {method.FunctionName}: {method.SkipReason}");
                }
            }
        }
        stdout.WriteLine();
        stdout.WriteLine($"{summary.AssembliesWoven} assemblies woven, {summary.MethodsWoven} methods woven");
        foreach (var (reason, count) in summary.SkippedByReason())
        {
            stdout.WriteLine($"  skipped {count,6}  {reason}");
        }
    }

    private static string Label(AssemblyStatus status) => status switch
    {
        AssemblyStatus.Woven => "woven",
        AssemblyStatus.AlreadyWoven => "already woven",
        AssemblyStatus.NothingToWeave => "nothing to do",
        AssemblyStatus.NotDotNet => "NOT .NET",
        AssemblyStatus.Unsupported => "unsupported",
        _ => "FAILED",
    };
}
