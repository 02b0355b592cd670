using DotnetTelemetry.Otlp.Mapping;
using DotnetTelemetry.Otlp.Model;
using DotnetTelemetry.Otlp.Tests.Support;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp.Tests;

public sealed class SpanAssemblerTests
{
    private readonly List<OtlpSpan> _spans = new();
    private readonly List<OtlpLogRecord> _logs = new();

    private SpanAssembler NewAssembler(int maxOpenSpans = 100) => new(maxOpenSpans, _spans.Add, _logs.Add);

    private sealed class AssemblerSink(SpanAssembler assembler) : ITelemetrySink
    {
        public string Name => "test";
        public SinkCounters Counters => default;
        public void Write(TelemetryEvent telemetryEvent) => assembler.Add(telemetryEvent);
        public void Flush(TimeSpan timeout) { }
        public void Dispose() { }
    }

    [Fact]
    public void Spans_still_open_at_shutdown_are_emitted_marked_unfinished()
    {
        var assembler = NewAssembler();
        new EventScript().Entry("App.Main", 0x1, 0).Advance(10).Entry("App.Run", 0x2, 0x1).PlayInto(new AssemblerSink(assembler));
        Assert.Empty(_spans);
        Assert.Equal(2, assembler.OpenSpanCount);

        assembler.CloseAll(1_800_000_000_000_000_000);

        Assert.Equal(2, _spans.Count);
        Assert.All(_spans, s =>
        {
            Assert.Contains(s.Attributes, a => a.Key == SemanticConventions.SpanUnfinished && a.Value.Scalar.Integer == 1);
            Assert.Equal(1_800_000_000_000_000_000, s.EndUnixNanos);
        });
        Assert.Equal(0, assembler.OpenSpanCount);
    }

    [Fact]
    public void Entries_beyond_the_bound_are_not_held_but_their_exits_still_become_whole_spans()
    {
        var assembler = NewAssembler(maxOpenSpans: 2);
        var script = new EventScript();
        for (ulong id = 1; id <= 5; id++) script.Entry("App.Deep", id, id - 1).Advance(100);
        for (ulong id = 5; id >= 1; id--)
            script.Add(EventType.FunctionExit, id, id - 1, e => { e.FunctionName = "App.Deep"; e.DurationNanos = 1_000; e.Attributes.Add(new("result", "ok")); }).Advance(100);
        script.PlayInto(new AssemblerSink(assembler));

        Assert.Equal(3, assembler.UntrackedEntries);
        Assert.Equal(5, _spans.Count);
        Assert.All(_spans, s =>
        {
            Assert.Equal("App.Deep", s.Name);
            Assert.Single(s.Attributes, a => a.Key == SemanticConventions.CodeFunctionName);
            Assert.Single(s.Attributes, a => a.Key == "result");
        });
        var fromExitOnly = _spans.Single(s => s.SpanId.Value == 5);
        Assert.Equal(1_000, fromExitOnly.EndUnixNanos - fromExitOnly.StartUnixNanos);
        Assert.Equal(new SpanId(4), fromExitOnly.ParentSpanId);
        Assert.Equal(0, assembler.OpenSpanCount);
    }

    [Fact]
    public void An_exception_recorded_on_throw_is_not_repeated_when_the_function_exits_with_it()
    {
        var assembler = NewAssembler();
        var error = new ErrorInfo { Type = "System.ArgumentException", Message = "bad id" };
        new EventScript().Entry("App.Parse", 0x1, 0)
            .Advance(10).Add(EventType.ExceptionEntry, 0x1, 0, e => e.Error = error)
            .Advance(10).Exit("App.Parse", 0x1, 0, 20, error)
            .PlayInto(new AssemblerSink(assembler));

        var span = Assert.Single(_spans);
        Assert.Equal(OtlpStatusCode.Error, span.StatusCode);
        Assert.Single(span.Events, e => e.Name == "exception");
    }

    [Fact]
    public void Finer_events_without_an_open_span_become_log_records()
    {
        var assembler = NewAssembler();
        new EventScript().Add(EventType.VariableChange, 0x9, 0x8, e => { e.Severity = Severity.Debug; e.Attributes.Add(new("variable", "total")); })
            .PlayInto(new AssemblerSink(assembler));

        var log = Assert.Single(_logs);
        Assert.Equal(5, log.SeverityNumber);
        Assert.Equal("DEBUG", log.SeverityText);
        Assert.Contains(log.Attributes, a => a.Key == "variable" && a.Value.Scalar.Text == "total");
        Assert.Contains(log.Attributes, a => a.Key == SemanticConventions.EventTypeAttribute && a.Value.Scalar.Text == "variable_change");
    }

    [Theory]
    [InlineData(Severity.Trace, 1)]
    [InlineData(Severity.Debug, 5)]
    [InlineData(Severity.Info, 9)]
    [InlineData(Severity.Warn, 13)]
    [InlineData(Severity.Error, 17)]
    public void Severity_numbers_follow_the_log_data_model(Severity severity, int number) =>
        Assert.Equal(number, SeverityNumbers.Of(severity));

    [Theory]
    [InlineData("server", 499, false)]
    [InlineData("server", 500, true)]
    [InlineData("client", 399, false)]
    [InlineData("client", 404, true)]
    public void Http_status_sets_error_per_span_kind(string kind, int status, bool error)
    {
        var assembler = NewAssembler();
        new EventScript().HttpRequest(kind, "get", "/x", 0x1, 0).Advance(5).HttpResponse(kind, "get", "/x", status, 0x1, 0, 5)
            .PlayInto(new AssemblerSink(assembler));
        var span = Assert.Single(_spans);
        Assert.Equal("GET", span.Name);
        Assert.Equal(kind == "server" ? OtlpSpanKind.Server : OtlpSpanKind.Client, span.Kind);
        Assert.Equal(error ? OtlpStatusCode.Error : OtlpStatusCode.Unset, span.StatusCode);
    }
}
