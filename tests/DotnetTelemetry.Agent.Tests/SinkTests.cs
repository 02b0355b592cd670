using System.Text;
using DotnetTelemetry.Agent.Sinks;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Tests;

public class SinkTests
{
    /// <summary>A fixed-width line per event, so sizes are easy to reason about: "seq=000042\n" (11 bytes).</summary>
    private sealed class SequenceFormatter : ILineFormatter
    {
        private byte[] _line = Array.Empty<byte>();

        public ReadOnlySpan<byte> Format(TelemetryEvent telemetryEvent)
        {
            _line = Encoding.ASCII.GetBytes($"seq={telemetryEvent.Sequence:D6}\n");
            return _line;
        }
    }

    private static TelemetryEvent Event(long sequence) => new() { Sequence = sequence };

    [Fact]
    public void File_sink_creates_the_directory_and_a_0640_file()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("nested/deeper/events.ndjson");
        using (var sink = new RotatingFileSink(path, 1 << 20, 3, new SequenceFormatter()))
        {
            sink.Write(Event(1));
            sink.Write(Event(2));
            sink.Flush(TimeSpan.FromSeconds(1));
            Assert.Equal(new SinkCounters(2, 0, 0), sink.Counters);
        }
        Assert.Equal("seq=000001\nseq=000002\n", File.ReadAllText(path));
        var mode = File.GetUnixFileMode(path);
        Assert.Equal(UnixFileMode.None, mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.GroupWrite));
        Assert.True(mode.HasFlag(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Fact]
    public void File_sink_appends_to_an_existing_file()
    {
        using var dir = new TempDirectory();
        string path = dir.File("events.ndjson", "old\n");
        using (var sink = new RotatingFileSink(path, 1 << 20, 3, new SequenceFormatter()))
        {
            sink.Write(Event(7));
            sink.Flush(TimeSpan.FromSeconds(1));
        }
        Assert.Equal("old\nseq=000007\n", File.ReadAllText(path));
    }

    [Fact]
    public void File_sink_rotates_by_size_and_keeps_at_most_max_files()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("events.ndjson");
        // 11-byte lines, 4096-byte files: 372 lines fit in one file.
        using (var sink = new RotatingFileSink(path, 4096, 3, new SequenceFormatter()))
        {
            for (int i = 0; i < 2000; i++)
            {
                sink.Write(Event(i));
                if (i % 100 == 0)
                {
                    sink.Flush(TimeSpan.FromSeconds(1));
                }
            }
            sink.Flush(TimeSpan.FromSeconds(1));
            Assert.Equal(2000, sink.Counters.Exported);
        }
        var files = Directory.GetFiles(dir.Path).Select(Path.GetFileName).OrderBy(f => f).ToArray();
        Assert.Equal(new[] { "events.ndjson", "events.ndjson.1", "events.ndjson.2" }, files);
        foreach (string file in Directory.GetFiles(dir.Path))
        {
            Assert.True(new FileInfo(file).Length <= 4096, $"{file} is {new FileInfo(file).Length} bytes");
        }
        // The newest lines are in the current file, older ones in .1 then .2, nothing torn.
        var current = File.ReadAllLines(path);
        var previous = File.ReadAllLines(path + ".1");
        Assert.Equal("seq=001999", current[^1]);
        Assert.Equal(int.Parse(previous[^1][4..]) + 1, int.Parse(current[0][4..]));
        Assert.All(current.Concat(previous), line => Assert.Matches(@"^seq=\d{6}$", line));
    }

    [Fact]
    public void Unwritable_file_counts_drops_and_reports_once()
    {
        using var dir = new TempDirectory();
        string blocker = dir.File("not-a-directory", "x");
        var diagnostics = new StringWriter();
        using var sink = new RotatingFileSink(Path.Combine(blocker, "events.ndjson"), 1 << 20, 2, new SequenceFormatter(), diagnostics);
        for (int i = 0; i < 10; i++)
        {
            sink.Write(Event(i));
            sink.Flush(TimeSpan.FromSeconds(1));
        }
        var counters = sink.Counters;
        Assert.Equal(0, counters.Exported);
        Assert.Equal(10, counters.Dropped);
        Assert.True(counters.Failures >= 1);
        var lines = diagnostics.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("dotnet-telemetry: output file:", line);
        Assert.Contains("the app is unaffected", line);
    }

    [Fact]
    public void Stream_sink_writes_whole_lines_and_counts_failures_of_a_broken_stream()
    {
        var good = new MemoryStream();
        var sink = new StreamSink("stdout", good, new SequenceFormatter());
        sink.Write(Event(1));
        sink.Write(Event(2));
        sink.Flush(TimeSpan.FromSeconds(1));
        Assert.Equal("seq=000001\nseq=000002\n", Encoding.ASCII.GetString(good.ToArray()));
        Assert.Equal(new SinkCounters(2, 0, 0), sink.Counters);

        var broken = new MemoryStream();
        broken.Dispose();
        var diagnostics = new StringWriter();
        var failing = new StreamSink("stderr", broken, new SequenceFormatter(), diagnostics);
        failing.Write(Event(1));
        failing.Flush(TimeSpan.FromSeconds(1));
        Assert.Equal(1, failing.Counters.Dropped);
        Assert.Contains("dotnet-telemetry: output stderr failed", diagnostics.ToString());
    }

    [Fact]
    public void Stream_writes_are_whole_lines_within_the_atomic_pipe_size()
    {
        var line = Encoding.ASCII.GetBytes(new string('x', 999) + "\n"); // 1000 bytes
        var lines = Enumerable.Repeat(line, 10).SelectMany(l => l).ToArray();
        Assert.Equal(4000, StreamSink.ChunkLength(lines));
        Assert.Equal(1000, StreamSink.ChunkLength(lines.AsSpan(0, 1000)));
        var huge = Encoding.ASCII.GetBytes(new string('y', 9000) + "\n" + "z\n");
        Assert.Equal(9001, StreamSink.ChunkLength(huge));

        var recording = new RecordingStream();
        var sink = new StreamSink("stdout", recording, new SequenceFormatter());
        for (int i = 0; i < 1000; i++)
        {
            sink.Write(Event(i));
        }
        sink.Flush(TimeSpan.FromSeconds(1));
        Assert.True(recording.Writes.Count > 1);
        Assert.All(recording.Writes, w =>
        {
            Assert.True(w.Length <= StreamSink.AtomicWriteBytes);
            Assert.Equal((byte)'\n', w[^1]);
        });
        Assert.Equal(1000 * 11, recording.Writes.Sum(w => w.Length));
    }

    private sealed class RecordingStream : MemoryStream
    {
        public List<byte[]> Writes { get; } = new();

        public override void Write(ReadOnlySpan<byte> buffer) => Writes.Add(buffer.ToArray());
    }
}
