namespace DotnetTelemetry.Cli.Commands;

internal enum OutputRelation
{
    /// <summary>No -o, or one elsewhere: the input is never written.</summary>
    Separate,
    /// <summary>-o names the input itself, however spelled.</summary>
    SameAsInput,
}

/// <summary>
/// How <c>instrument</c>'s -o relates to its input. Paths are compared fully resolved (relative, trailing separators,
/// <c>..</c>, symbolic links), since "-o dir", "-o ./dir/" and "-o /abs/dir" are the same folder to the file system.
/// </summary>
internal static class OutputPaths
{
    public static OutputRelation Compare(string input, string? output)
    {
        if (output is null) return OutputRelation.Separate;
        string source = Resolve(input);
        string target = Resolve(output);
        // A single file written to a folder lands in that folder under its own name (WeaveOneFile's rule).
        if (File.Exists(source) && (Directory.Exists(target) || output.EndsWith(Path.DirectorySeparatorChar)))
            target = Path.Combine(target, Path.GetFileName(source));
        return string.Equals(source, target, StringComparison.Ordinal) ? OutputRelation.SameAsInput : OutputRelation.Separate;
    }

    /// <summary>The full path with no trailing separator, through symbolic links of the path and of each parent that exists.</summary>
    private static string Resolve(string path)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        string? parent = Path.GetDirectoryName(full);
        if (parent is null) return full;
        string resolvedParent = Resolve(parent);
        string joined = Path.Combine(resolvedParent, Path.GetFileName(full));
        FileSystemInfo info = Directory.Exists(joined) ? new DirectoryInfo(joined) : new FileInfo(joined);
        return info.Exists && info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? Path.TrimEndingDirectorySeparator(target.FullName)
            : joined;
    }
}
