using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Sinks;

namespace DotnetTelemetry.Agent.Tests;

public class SinkFactoryTests
{
    [Fact]
    public void One_sink_per_output_in_order_with_unique_status_labels()
    {
        using var dir = new TempDirectory();
        var config = new AgentConfig
        {
            Outputs = new[]
            {
                new OutputTarget(OutputKind.Stderr),
                new OutputTarget(OutputKind.File, dir.Combine("a.ndjson")),
                new OutputTarget(OutputKind.File, dir.Combine("b.ndjson")),
            },
        };
        var sinks = SinkFactory.Create(config, TextWriter.Null);
        try
        {
            Assert.Equal(new[] { "stderr", "file:" + dir.Combine("a.ndjson"), "file:" + dir.Combine("b.ndjson") }, sinks.Select(s => s.Name));
            Assert.Equal(new[] { "stderr", "file", "file_2" }, AgentRuntime.SinkLabels(sinks));
            // Files are opened lazily, on the drain thread: nothing exists before the first event.
            Assert.False(File.Exists(dir.Combine("a.ndjson")));
        }
        finally
        {
            foreach (var sink in sinks)
            {
                sink.Dispose();
            }
        }
    }

    [Fact]
    public void Output_none_means_no_sinks()
    {
        Assert.Empty(SinkFactory.Create(new AgentConfig { Outputs = Array.Empty<OutputTarget>() }, TextWriter.Null));
    }
}
