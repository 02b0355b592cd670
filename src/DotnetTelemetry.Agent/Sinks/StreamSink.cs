namespace DotnetTelemetry.Agent.Sinks;

/// <summary>
/// NDJSON to an already open stream: the process's stdout or stderr, which the app writes to as well.
/// Each write holds whole lines and at most <see cref="AtomicWriteBytes"/> bytes (unless one line is longer),
/// because pipes write that much atomically: the app's own output then falls between our lines, never inside one.
/// </summary>
internal sealed class StreamSink : BufferedLineSink
{
    private readonly Stream _stream;

    public StreamSink(string name, Stream stream, ILineFormatter formatter, TextWriter? diagnostics = null)
        : base(name, formatter, diagnostics: diagnostics)
    {
        _stream = stream;
    }

    public static StreamSink Stdout(ILineFormatter formatter) => new("stdout", Console.OpenStandardOutput(), formatter);

    public static StreamSink Stderr(ILineFormatter formatter) => new("stderr", Console.OpenStandardError(), formatter);

    /// <summary>PIPE_BUF on Linux: writes up to this size to a pipe are never interleaved with other writers'.</summary>
    public const int AtomicWriteBytes = 4096;

    protected override void WriteOut(ReadOnlySpan<byte> lines)
    {
        while (lines.Length > 0)
        {
            int length = ChunkLength(lines);
            _stream.Write(lines[..length]);
            lines = lines[length..];
        }
    }

    /// <summary>The longest run of whole lines within <see cref="AtomicWriteBytes"/>; one line when it alone is longer.</summary>
    internal static int ChunkLength(ReadOnlySpan<byte> lines)
    {
        if (lines.Length <= AtomicWriteBytes)
        {
            return lines.Length;
        }
        int lastNewline = lines[..AtomicWriteBytes].LastIndexOf((byte)'\n');
        if (lastNewline >= 0)
        {
            return lastNewline + 1;
        }
        int firstNewline = lines.IndexOf((byte)'\n');
        return firstNewline >= 0 ? firstNewline + 1 : lines.Length;
    }

    protected override void FlushDestination() => _stream.Flush();

    // The process owns stdout and stderr: they stay open for the app.
    protected override void DisposeDestination()
    {
    }
}
