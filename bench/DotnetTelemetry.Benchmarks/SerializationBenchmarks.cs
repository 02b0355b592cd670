using BenchmarkDotNet.Attributes;
using DotnetTelemetry.Otlp.Mapping;
using DotnetTelemetry.Otlp.Model;
using DotnetTelemetry.Otlp.Wire;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Benchmarks;

/// <summary>
/// Serialization throughput on one core: a function_exit event to an NDJSON line, and spans to an OTLP
/// protobuf request (per span). events/s = 1e9 / mean ns.
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private const int SpansPerRequest = 512;
    private readonly TelemetryJsonWriter _writer = new();
    private readonly TelemetryEvent _event = SampleEvents.FunctionExit();
    private ExportBatch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var spans = new List<OtlpSpan>();
        var assembler = new SpanAssembler(maxOpenSpans: 4096, spans.Add, _ => { });
        var entry = SampleEvents.FunctionEntry();
        var exit = SampleEvents.FunctionExit();
        for (int i = 0; i < SpansPerRequest; i++)
        {
            var span = new SpanId((ulong)(i + 1));
            entry.SpanId = span;
            exit.SpanId = span;
            assembler.Add(entry);
            assembler.Add(exit);
        }
        _batch = new ExportBatch(new ResourceSnapshot(new OtlpAttributes(), "dotnet-telemetry", "0.1.0"), spans, Array.Empty<OtlpLogRecord>());
    }

    [Benchmark]
    public int NdjsonFunctionExit() => _writer.Format(_event).Length;

    [Benchmark(OperationsPerInvoke = SpansPerRequest)]
    public int OtlpProtobufPerSpan() => ProtobufEncoder.EncodeTraces(_batch).Length;
}

/// <summary>Representative events: a function call in a service with a full resource block.</summary>
internal static class SampleEvents
{
    private static readonly ResourceInfo Resource = new()
    {
        Service = new ServiceInfo { Name = "bench-service", Version = "1.2.3" },
        Host = new HostInfo { Name = "bench-host", Ip = "10.0.0.1" },
        Process = new ProcessInfo { Pid = 4242, Executable = "/usr/bin/dotnet" },
        Runtime = new RuntimeResourceInfo { RuntimeVersion = "10.0.0", OsType = "linux", TelemetrySdkVersion = "0.1.0" },
        Environment = "bench",
    };

    public static TelemetryEvent FunctionEntry() => Fill(new TelemetryEvent { EventType = EventType.FunctionEntry });

    public static TelemetryEvent FunctionExit()
    {
        var e = Fill(new TelemetryEvent { EventType = EventType.FunctionExit });
        e.DurationNanos = 123_456;
        return e;
    }

    private static TelemetryEvent Fill(TelemetryEvent e)
    {
        e.TimestampUnixNanos = 1_762_197_341_499_000_000;
        e.Sequence = 5;
        e.FunctionName = "Shop.Orders.OrderService.ProcessAsync";
        e.TraceId = new TraceId(0x0af7651916cd43dd, 0x8448eb211c803190);
        e.SpanId = new SpanId(0xb7ad6b7169203331);
        e.ParentSpanId = new SpanId(0x00f067aa0ba902b7);
        e.SourceFile = "/src/Shop/Orders/OrderService.cs";
        e.SourceLine = 42;
        e.ThreadId = 7;
        e.Resource = Resource;
        return e;
    }
}
