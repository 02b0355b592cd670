using System.Globalization;

namespace DotnetTelemetry.Cli.Report;

/// <summary>
/// The event files behind a report's input: one NDJSON file, or a directory holding a `file:` output with its
/// rotated files (<c>events.ndjson</c>, <c>events.ndjson.1</c>, ...), read oldest first.
/// </summary>
internal static class EventFiles
{
    /// <summary>The files to read, or an error saying why there are none.</summary>
    public static (IReadOnlyList<string> Files, string? Error) Resolve(string input)
    {
        if (File.Exists(input))
        {
            return (new[] { input }, null);
        }
        if (!Directory.Exists(input))
        {
            return (Array.Empty<string>(), $"'{input}' does not exist");
        }
        var files = Directory.EnumerateFiles(input)
            .Select(path => (Path: path, Rotation: Parse(Path.GetFileName(path))))
            .Where(file => file.Rotation.Base is not null)
            // A higher rotation number is older: events.ndjson.2 was written before events.ndjson.1 and events.ndjson.
            .OrderBy(file => file.Rotation.Base, StringComparer.Ordinal)
            .ThenByDescending(file => file.Rotation.Index)
            .Select(file => file.Path)
            .ToList();
        return files.Count == 0
            ? (files, $"no event files (*.ndjson, *.ndjson.N) in directory '{input}'")
            : (files, null);
    }

    /// <summary>"events.ndjson" is (events.ndjson, 0); "events.ndjson.3" is (events.ndjson, 3); anything else has no base.</summary>
    private static (string? Base, int Index) Parse(string name)
    {
        if (name.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
        {
            return (name, 0);
        }
        int dot = name.LastIndexOf('.');
        if (dot > 0 && name[..dot].EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(name.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            return (name[..dot], index);
        }
        return (null, 0);
    }
}
