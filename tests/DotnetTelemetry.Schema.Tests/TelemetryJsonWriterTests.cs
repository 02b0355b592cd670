using System.Buffers;
using System.Text;
using System.Text.Json;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Schema.Tests;

public class TelemetryJsonWriterTests
{
    private static string Write(TelemetryEvent e) => Encoding.UTF8.GetString(new TelemetryJsonWriter().Format(e));

    [Fact]
    public void Function_exit_is_written_with_the_seed_v3_names_order_and_nesting()
    {
        var resource = new ResourceInfo
        {
            Service = new ServiceInfo { Name = "data-fetcher", Version = "1.0.0" },
            Host = new HostInfo { Name = "api-node-1", Ip = "10.0.1.42" },
            Cloud = new CloudInfo { Provider = "aws", Region = "us-east-1" },
            Runtime = new RuntimeResourceInfo
            {
                RuntimeName = ".NET", RuntimeVersion = "8.0.11", OsType = "linux",
                TelemetrySdkName = "dotnet-telemetry", TelemetrySdkVersion = "3.0.0",
            },
            Process = new ProcessInfo { Pid = 3421 },
            Environment = "prod",
        };
        var e = new TelemetryEvent
        {
            TimestampUnixNanos = 1_762_197_341_499_000_000,
            Sequence = 5,
            EventType = EventType.FunctionExit,
            FunctionName = "fetch_data",
            TraceId = new TraceId(0x0af7651916cd43dd, 0x8448eb211c80319a),
            SpanId = new SpanId(0xb7ad6b7169203331),
            DurationNanos = 345_678_000,
            Message = "Function 'fetch_data' exit (345.68ms)",
            CorrelationId = "func_abc123",
            Resource = resource,
        };
        e.Attributes.Add(new("return_value", "{'status': 'ok'}"));
        e.Attributes.Add(new("caller.function", "main"));
        e.Attributes.Add(new("caller.line", 42L));

        const string expected =
            "{\"schema\":{\"format\":\"telemetry.v3\",\"version\":\"3.0.0\"}," +
            "\"timestamp\":\"2025-11-03T19:15:41.499Z\",\"timestamp_ns\":1762197341499000000,\"sequence\":5," +
            "\"event_type\":\"function_exit\",\"severity\":\"INFO\",\"function_name\":\"fetch_data\"," +
            "\"trace_id\":\"0af7651916cd43dd8448eb211c80319a\",\"span_id\":\"b7ad6b7169203331\",\"parent_span_id\":null," +
            "\"trace_flags\":\"01\",\"sample_rate\":1,\"duration_ns\":345678000,\"duration_ms\":345.678," +
            "\"message\":\"Function 'fetch_data' exit (345.68ms)\"," +
            "\"event\":{\"name\":\"fetch_data\",\"category\":\"code\",\"type\":\"end\"}," +
            "\"attributes\":{\"return_value\":\"{'status': 'ok'}\",\"caller.function\":\"main\",\"caller.line\":42}," +
            "\"correlation_id\":\"func_abc123\"," +
            "\"service\":{\"name\":\"data-fetcher\",\"version\":\"1.0.0\"}," +
            "\"host\":{\"name\":\"api-node-1\",\"ip\":\"10.0.1.42\"}," +
            "\"cloud\":{\"provider\":\"aws\",\"region\":\"us-east-1\"}," +
            "\"resource\":{\"runtime_name\":\".NET\",\"runtime_version\":\"8.0.11\",\"os_type\":\"linux\"," +
            "\"telemetry_sdk_name\":\"dotnet-telemetry\",\"telemetry_sdk_version\":\"3.0.0\"}," +
            "\"process\":{\"pid\":3421},\"environment\":\"prod\"}\n";
        Assert.Equal(expected, Write(e));
    }

    [Fact]
    public void Absent_optional_blocks_are_omitted_and_a_root_has_a_null_parent()
    {
        var e = new TelemetryEvent
        {
            TimestampUnixNanos = SampleEvents.BaseNanos,
            EventType = EventType.FunctionEntry,
            TraceId = SampleEvents.Trace,
            SpanId = new SpanId(1),
            Resource = new ResourceInfo { Host = new HostInfo(), Process = new ProcessInfo() },
        };
        using var doc = JsonDocument.Parse(Write(e));
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("parent_span_id").ValueKind);
        foreach (var absent in new[] { "function_name", "message", "duration_ns", "duration_ms", "attributes", "correlation_id",
                     "parent_correlation_id", "error", "http", "host", "cloud", "k8s", "process", "environment" })
        {
            Assert.False(root.TryGetProperty(absent, out _), $"'{absent}' should be omitted");
        }
        Assert.Equal("function_entry", root.GetProperty("event").GetProperty("name").GetString());
        Assert.Equal("unknown_service", root.GetProperty("service").GetProperty("name").GetString());
        Assert.Equal("0000000000000001", root.GetProperty("span_id").GetString());
    }

    [Fact]
    public void Every_block_is_written_when_filled()
    {
        using var doc = JsonDocument.Parse(Write(SampleEvents.Full(EventType.HttpResponse)));
        var root = doc.RootElement;
        Assert.Equal("00f067aa0ba902b7", root.GetProperty("parent_span_id").GetString());
        Assert.Equal(0.25, root.GetProperty("sample_rate").GetDouble());
        var attributes = root.GetProperty("attributes");
        Assert.Equal("/src/Shop/Fetcher.cs", attributes.GetProperty("code.file.path").GetString());
        Assert.Equal(42, attributes.GetProperty("code.line.number").GetInt32());
        Assert.Equal(7, attributes.GetProperty("thread.id").GetInt32());
        Assert.True(attributes.GetProperty("cached").GetBoolean());
        var request = root.GetProperty("http").GetProperty("request");
        Assert.Equal("POST", request.GetProperty("method").GetString());
        Assert.Equal("[REDACTED]", request.GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.Equal(128, request.GetProperty("body_bytes").GetInt64());
        Assert.Equal("curl/8.5", request.GetProperty("user_agent").GetString());
        var response = root.GetProperty("http").GetProperty("response");
        Assert.Equal(201, response.GetProperty("status_code").GetInt32());
        Assert.Equal("application/json", response.GetProperty("content_type").GetString());
        Assert.Equal("backend", root.GetProperty("k8s").GetProperty("pod_labels").GetProperty("tier").GetString());
        Assert.Equal(0.5, root.GetProperty("k8s").GetProperty("cpu_request").GetDouble());
        Assert.Equal("payments", root.GetProperty("resource").GetProperty("attributes").GetProperty("team").GetString());
        Assert.Equal("/app/Fetcher --port 8080", root.GetProperty("process").GetProperty("command_line").GetString());
        Assert.Equal("network", root.GetProperty("event").GetProperty("category").GetString());
    }

    [Theory]
    [InlineData(EventType.FunctionEntry, "code", "start")]
    [InlineData(EventType.FunctionExit, "code", "end")]
    [InlineData(EventType.HttpRequest, "network", "start")]
    [InlineData(EventType.HttpResponse, "network", "end")]
    [InlineData(EventType.ExceptionEntry, "error", "start")]
    [InlineData(EventType.ExceptionExit, "error", "end")]
    [InlineData(EventType.VariableChange, "code", "change")]
    [InlineData(EventType.LoopEntry, "code", "start")]
    [InlineData(EventType.LoopExit, "code", "end")]
    [InlineData(EventType.ConditionalEntry, "code", "start")]
    [InlineData(EventType.ConditionalExit, "code", "end")]
    [InlineData(EventType.AgentStatus, "agent", "info")]
    public void Event_block_follows_the_category_map(EventType type, string category, string ecsType)
    {
        using var doc = JsonDocument.Parse(Write(SampleEvents.Full(type)));
        var block = doc.RootElement.GetProperty("event");
        Assert.Equal(category, block.GetProperty("category").GetString());
        Assert.Equal(ecsType, block.GetProperty("type").GetString());
        Assert.Equal(type.ToWireName(), doc.RootElement.GetProperty("event_type").GetString());
    }

    [Theory]
    [InlineData(345_678_000L)]
    [InlineData(1L)]
    [InlineData(123_456_789_012_345L)]
    [InlineData(0L)]
    [InlineData(999_999L)]
    public void Duration_ms_is_exactly_duration_ns_over_a_million(long nanos)
    {
        var e = SampleEvents.Full(EventType.FunctionExit);
        e.DurationNanos = nanos;
        using var doc = JsonDocument.Parse(Write(e));
        Assert.Equal(nanos, doc.RootElement.GetProperty("duration_ns").GetInt64());
        Assert.Equal(nanos / 1e6, doc.RootElement.GetProperty("duration_ms").GetDouble());
    }

    [Fact]
    public void Timestamp_is_the_same_instant_as_timestamp_ns_truncated_to_the_millisecond()
    {
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var nanos = random.NextInt64(-2_000_000_000_000_000_000, long.MaxValue);
            var expected = DateTime.UnixEpoch.AddTicks(nanos / 100 - (nanos % 100 < 0 ? 1 : 0));
            expected = new DateTime(expected.Ticks - expected.Ticks % TimeSpan.TicksPerMillisecond
                                    - (expected.Ticks < 0 && expected.Ticks % TimeSpan.TicksPerMillisecond != 0 ? TimeSpan.TicksPerMillisecond : 0),
                DateTimeKind.Utc);
            Assert.Equal(expected.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), Rfc3339.Format(nanos));
            Assert.True(Rfc3339.TryParse(Rfc3339.Format(nanos), out var parsed));
            var floorMillis = nanos / 1_000_000 - (nanos % 1_000_000 < 0 ? 1 : 0);
            Assert.Equal(floorMillis * 1_000_000, parsed);
        }
        Assert.Equal("1970-01-01T00:00:00.000Z", Rfc3339.Format(0));
        Assert.Equal("1969-12-31T23:59:59.999Z", Rfc3339.Format(-1));
        Assert.Equal("2024-02-29T23:59:59.999Z", Rfc3339.Format(1_709_251_199_999_999_999));
    }

    [Fact]
    public void Text_is_escaped_as_valid_json_and_kept_readable()
    {
        var e = SampleEvents.Full(EventType.ExceptionEntry);
        e.Message = "line1\nline2\t\"q\" \\ <Main>$ é \u0001 lone \uD800 surrogate";
        var text = Write(e);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("<Main>$", text);
        Assert.Contains("é", text);
        using var doc = JsonDocument.Parse(text);
        Assert.Equal("line1\nline2\t\"q\" \\ <Main>$ é \u0001 lone \uFFFD surrogate", doc.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void Non_finite_attribute_numbers_do_not_break_the_line()
    {
        var e = SampleEvents.Full(EventType.VariableChange);
        e.Attributes.Add(new("nan", double.NaN));
        e.Attributes.Add(new("inf", double.PositiveInfinity));
        e.SampleRate = double.NaN;
        using var doc = JsonDocument.Parse(Write(e));
        Assert.Equal("NaN", doc.RootElement.GetProperty("attributes").GetProperty("nan").GetString());
        Assert.Equal("Infinity", doc.RootElement.GetProperty("attributes").GetProperty("inf").GetString());
        Assert.Equal(1.0, doc.RootElement.GetProperty("sample_rate").GetDouble());
    }

    [Fact]
    public void Unsampled_flag_is_written_as_00()
    {
        var e = SampleEvents.Full(EventType.FunctionEntry);
        e.TraceFlags = 0;
        using var doc = JsonDocument.Parse(Write(e));
        Assert.Equal("00", doc.RootElement.GetProperty("trace_flags").GetString());
    }

    [Fact]
    public void A_new_resource_instance_is_encoded_afresh_and_ForgetResource_picks_up_changes()
    {
        var writer = new TelemetryJsonWriter();
        var e = SampleEvents.Full(EventType.FunctionEntry);
        Assert.Contains("\"environment\":\"prod\"", Encoding.UTF8.GetString(writer.Format(e)));

        e.Resource = new ResourceInfo { Environment = "staging" };
        Assert.Contains("\"environment\":\"staging\"", Encoding.UTF8.GetString(writer.Format(e)));

        e.Resource.Environment = "dev";
        writer.ForgetResource();
        Assert.Contains("\"environment\":\"dev\"", Encoding.UTF8.GetString(writer.Format(e)));
    }

    [Fact]
    public void WriteLine_appends_one_line_per_event_to_a_buffer_and_a_stream()
    {
        var writer = new TelemetryJsonWriter();
        var buffer = new ArrayBufferWriter<byte>();
        using var stream = new MemoryStream();
        for (var i = 1; i <= 3; i++)
        {
            var e = SampleEvents.Full(EventType.FunctionEntry, sequence: i);
            writer.WriteLine(e, buffer);
            writer.WriteLine(e, stream);
        }
        var lines = Encoding.UTF8.GetString(buffer.WrittenSpan).Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("", lines[3]);
        Assert.Equal(Encoding.UTF8.GetString(buffer.WrittenSpan), Encoding.UTF8.GetString(stream.ToArray()));
        for (var i = 0; i < 3; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            Assert.Equal(i + 1, doc.RootElement.GetProperty("sequence").GetInt64());
        }
    }

    [Fact]
    public void A_warm_writer_allocates_nothing_per_event()
    {
        var writer = new TelemetryJsonWriter();
        var resource = SampleEvents.FullResource();
        var e = new TelemetryEvent();
        var output = new ArrayBufferWriter<byte>(1 << 20);

        void WriteMany(int count)
        {
            for (var i = 0; i < count; i++)
            {
                // A function_exit with attributes and an error block, refilled in place as the drain thread does.
                var sequence = i + 1L;
                e.Reset();
                e.TimestampUnixNanos = SampleEvents.BaseNanos + sequence;
                e.Sequence = sequence;
                e.EventType = EventType.FunctionExit;
                e.FunctionName = "Shop.Fetcher.FetchData";
                e.TraceId = SampleEvents.Trace;
                e.SpanId = new SpanId((ulong)sequence);
                e.ParentSpanId = new SpanId(0x00f067aa0ba902b7);
                e.DurationNanos = 345_678_000 + sequence;
                e.SourceFile = "/src/Shop/Fetcher.cs";
                e.SourceLine = 42;
                e.ThreadId = 7;
                e.Attributes.Add(new("return_value", "ok"));
                e.Attributes.Add(new("caller.line", sequence));
                e.Attributes.Add(new("ratio", 0.5));
                e.Error = CachedError;
                e.Resource = resource;
                output.ResetWrittenCount();
                writer.WriteLine(e, output);
            }
        }

        WriteMany(1000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        WriteMany(100_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated == 0, $"writing 100000 warm events allocated {allocated} bytes");
        using var doc = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal(100_000, doc.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal("System.InvalidOperationException", doc.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    private static readonly ErrorInfo CachedError = new()
    {
        Type = "System.InvalidOperationException",
        Message = "Sequence contains no elements",
        // Newlines and quotes take the escaping path, which must not allocate either.
        StackTrace = "   at Shop.Fetcher.FetchData() in /src/Shop/Fetcher.cs:line 42\n   at Program.<Main>$(String[] args) \"quoted\"",
    };
}

public class TelemetryJsonWriterRobustnessTests
{
    [Fact]
    public void Nulls_in_non_nullable_members_still_give_one_valid_json_line()
    {
        var e = SampleEvents.Full(EventType.HttpResponse);
        e.Error = new ErrorInfo { Type = null! };
        e.HttpRequest!.Method = null!;
        e.HttpRequest.Url = null!;
        e.HttpRequest.Headers.Add(new(null!, null!));
        e.Attributes.Add(new(null!, AttributeValue.Of((string)null!)));
        var resource = SampleEvents.FullResource();
        resource.Service = null!;
        resource.Runtime = null!;
        resource.Host = null!;
        resource.Process = null!;
        resource.Kubernetes!.PodLabels.Add(new(null!, null!));
        resource.ExtraAttributes.Add(new("x", null!));
        e.Resource = resource;

        var line = System.Text.Encoding.UTF8.GetString(new TelemetryJsonWriter().Format(e));

        Assert.EndsWith("}\n", line);
        using var document = System.Text.Json.JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.Equal("", root.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("", root.GetProperty("http").GetProperty("request").GetProperty("method").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, root.GetProperty("attributes").GetProperty("").ValueKind);
        Assert.False(root.TryGetProperty("service", out _));
        Assert.False(root.TryGetProperty("process", out _));
        Assert.Equal("", root.GetProperty("k8s").GetProperty("pod_labels").GetProperty("").GetString());
    }
}
