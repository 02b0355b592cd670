using System.Buffers;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp.Ecs;

/// <summary>
/// Writes events as NDJSON lines from an <see cref="IEventFormatter"/> to a stream the caller owns
/// (the CLI's stdout, a test's memory stream). The agent's own file and stdout sinks, with rotation,
/// call the formatter directly instead.
/// </summary>
public sealed class EcsStreamSink : ITelemetrySink
{
    private readonly Stream _stream;
    private readonly IEventFormatter _formatter;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private long _written;
    private long _dropped;
    private long _failures;

    public EcsStreamSink(Stream stream, IEventFormatter? formatter = null, string name = "ecs")
    {
        _stream = stream;
        _formatter = formatter ?? new EcsFormatter();
        Name = name;
    }

    public string Name { get; }

    public SinkCounters Counters => new(_written, _dropped, _failures);

    public void Write(TelemetryEvent telemetryEvent)
    {
        try
        {
            _buffer.Write(_formatter.Format(telemetryEvent));
            _written++;
        }
        catch (Exception)
        {
            _dropped++;
        }
        if (_buffer.WrittenCount >= 48 * 1024) Flush(TimeSpan.Zero);
    }

    public void Flush(TimeSpan timeout)
    {
        if (_buffer.WrittenCount == 0) return;
        try
        {
            _stream.Write(_buffer.WrittenSpan);
            _stream.Flush();
        }
        catch (Exception)
        {
            _failures++;
        }
        _buffer.Clear();
    }

    public void Dispose() => Flush(TimeSpan.Zero);
}
