namespace DotnetTelemetry.Probes;

/// <summary>
/// The static facts of every woven method (name, file, line), registered once per woven module.
/// The hot path carries only the method id; the drain thread looks the rest up here.
/// </summary>
/// <remarks>
/// Contract with the weaver: each woven module holds a class whose static constructor calls
/// <see cref="RegisterModule"/> with the module's table and keeps the returned base id in a
/// <c>static readonly int</c>; the id of the module's method number <c>i</c> is <c>base + i</c>.
/// Table format: one method per line (<c>'\n'</c>), fields separated by <c>'\t'</c>:
/// <c>function_name \t file \t line</c>; file may be empty and line 0 when there is no PDB.
/// </remarks>
public static class MethodRegistry
{
    private static readonly object Gate = new();
    private static MethodInfoEntry[] s_entries = new MethodInfoEntry[1024];
    private static int s_count = 1; // id 0 is reserved for "unknown"

    /// <summary>Registers a module's method table and returns the id of its first method.</summary>
    public static int RegisterModule(string table)
    {
        try
        {
            var lines = (table ?? string.Empty).Split('\n');
            lock (Gate)
            {
                int first = s_count;
                EnsureCapacity(first + lines.Length);
                for (int i = 0; i < lines.Length; i++)
                {
                    s_entries[first + i] = MethodInfoEntry.Parse(lines[i]);
                }
                Volatile.Write(ref s_count, first + lines.Length);
                return first;
            }
        }
        catch
        {
            return 0; // a probe never throws into the app; id 0 reads as "unknown"
        }
    }

    /// <summary>Registers one method (load-time weaving registers methods as it rewrites them).</summary>
    public static int Register(string functionName, string? file, int line)
        => RegisterModule(MethodInfoEntry.Format(functionName, file, line));

    /// <summary>Looks up a method id; unknown ids give a placeholder entry, never an exception.</summary>
    public static MethodInfoEntry Get(int methodId)
    {
        // Count first: a registration publishes the (possibly grown) array before the new count.
        int count = Volatile.Read(ref s_count);
        var entries = Volatile.Read(ref s_entries);
        return (uint)methodId < (uint)count && (uint)methodId < (uint)entries.Length && entries[methodId] is { } entry
            ? entry
            : MethodInfoEntry.Unknown;
    }

    private static void EnsureCapacity(int needed)
    {
        if (needed <= s_entries.Length) return;
        var bigger = new MethodInfoEntry[Math.Max(needed, s_entries.Length * 2)];
        Array.Copy(s_entries, bigger, s_entries.Length);
        Volatile.Write(ref s_entries, bigger);
    }
}

/// <summary>Static facts of one woven method.</summary>
public sealed class MethodInfoEntry
{
    public static readonly MethodInfoEntry Unknown = new("<unknown>", null, 0);

    public MethodInfoEntry(string functionName, string? file, int line)
    {
        FunctionName = functionName;
        File = file;
        Line = line;
    }

    public string FunctionName { get; }
    public string? File { get; }
    public int Line { get; }

    internal static MethodInfoEntry Parse(string line)
    {
        var fields = line.Split('\t');
        string name = fields.Length > 0 && fields[0].Length > 0 ? fields[0] : "<unknown>";
        string? file = fields.Length > 1 && fields[1].Length > 0 ? fields[1] : null;
        int lineNumber = fields.Length > 2 && int.TryParse(fields[2], out var n) ? n : 0;
        return new MethodInfoEntry(name, file, lineNumber);
    }

    internal static string Format(string functionName, string? file, int line)
        => $"{Sanitize(functionName)}\t{Sanitize(file ?? string.Empty)}\t{line}";

    private static string Sanitize(string value) => value.Replace('\t', ' ').Replace('\n', ' ');
}
