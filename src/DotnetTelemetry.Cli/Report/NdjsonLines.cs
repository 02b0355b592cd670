namespace DotnetTelemetry.Cli.Report;

/// <summary>Streams the lines of an NDJSON file as UTF-8 byte spans, through one reused buffer (a line is never a string).</summary>
internal static class NdjsonLines
{
    public delegate void LineHandler(ReadOnlySpan<byte> line, long lineNumber);

    private const int InitialBufferSize = 1 << 20;

    public static void Read(Stream stream, LineHandler onLine)
    {
        byte[] buffer = new byte[InitialBufferSize];
        int filled = 0;
        long lineNumber = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                // One line longer than the buffer: grow it rather than cut the line.
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            bool atEnd = read == 0;
            filled += read;
            int start = 0;
            while (true)
            {
                int newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }
                lineNumber++;
                Handle(buffer.AsSpan(start, newline), lineNumber, onLine);
                start += newline + 1;
            }
            if (atEnd)
            {
                if (start < filled)
                {
                    // The last line without a newline: a stream cut mid-write still gives its complete events.
                    lineNumber++;
                    Handle(buffer.AsSpan(start, filled - start), lineNumber, onLine);
                }
                return;
            }
            Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
            filled -= start;
        }
    }

    private static void Handle(ReadOnlySpan<byte> line, long lineNumber, LineHandler onLine)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }
        if (!line.IsWhiteSpace())
        {
            onLine(line, lineNumber);
        }
    }

    private static bool IsWhiteSpace(this ReadOnlySpan<byte> line)
        => line.IndexOfAnyExcept(" \t"u8) < 0;
}
