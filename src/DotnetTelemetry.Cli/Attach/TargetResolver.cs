namespace DotnetTelemetry.Cli.Attach;

/// <summary>Turns `attach &lt;pid&gt;` or `attach -n &lt;name&gt;` into one process id, or says why it cannot.</summary>
internal static class TargetResolver
{
    public static (int Pid, string? Error) Resolve(int? pid, string? name)
    {
        if (pid is { } id && name is not null)
        {
            return (0, "give a pid or -n <name>, not both");
        }
        if (pid is { } given)
        {
            return given > 0 ? (given, null) : (0, $"invalid pid {given}");
        }
        if (string.IsNullOrWhiteSpace(name))
        {
            return (0, "give the process id, or -n <name>");
        }
        // The process name, or the app's file name (`dotnet MyApp.dll` runs as "dotnet").
        var matches = DotnetProcess.List()
            .Where(p => p.Name.Equals(name, StringComparison.Ordinal) || AppName(p.CommandLine).Equals(name, StringComparison.Ordinal))
            .ToList();
        return matches.Count switch
        {
            0 => (0, $"no .NET process named '{name}' (see `dotnet-telemetry ps`)"),
            1 => (matches[0].Pid, null),
            _ => (0, $"{matches.Count} processes are named '{name}' ({string.Join(", ", matches.Select(m => m.Pid))}): give the pid"),
        };
    }

    private static string AppName(string commandLine)
    {
        string? app = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(a => a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
        return app is null ? string.Empty : Path.GetFileNameWithoutExtension(app);
    }
}
