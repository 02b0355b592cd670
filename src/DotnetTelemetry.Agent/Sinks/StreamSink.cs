namespace DotnetTelemetry.Agent.Sinks;

/// <summary>NDJSON to an already open stream: the process's stdout or stderr.</summary>
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

    protected override void WriteOut(ReadOnlySpan<byte> lines) => _stream.Write(lines);

    protected override void FlushDestination() => _stream.Flush();

    // The process owns stdout and stderr: they stay open for the app.
    protected override void DisposeDestination()
    {
    }
}
