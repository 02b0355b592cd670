using System.Text;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Schema.Tests;

public class TelemetryEventReaderTests
{
    public static TheoryData<EventType> AllEventTypes()
    {
        var data = new TheoryData<EventType>();
        foreach (var type in Enum.GetValues<EventType>()) data.Add(type);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllEventTypes))]
    public void Every_event_type_round_trips_with_every_block_filled(EventType type)
    {
        var writer = new TelemetryJsonWriter();
        var original = SampleEvents.Full(type);
        var firstLine = Encoding.UTF8.GetString(writer.Format(original));

        var parsed = TelemetryEventReader.Parse(firstLine);
        var secondLine = Encoding.UTF8.GetString(new TelemetryJsonWriter().Format(parsed));

        Assert.Equal(firstLine, secondLine);
        AssertSameEvent(original, parsed);
    }

    [Fact]
    public void A_minimal_root_event_round_trips_without_inventing_blocks()
    {
        var original = new TelemetryEvent
        {
            TimestampUnixNanos = SampleEvents.BaseNanos,
            Sequence = 1,
            EventType = EventType.FunctionEntry,
            TraceId = SampleEvents.Trace,
            SpanId = new SpanId(0xabc),
            TraceFlags = 0,
        };
        var parsed = TelemetryEventReader.Parse(Encoding.UTF8.GetString(new TelemetryJsonWriter().Format(original)));
        Assert.True(parsed.ParentSpanId.IsEmpty);
        Assert.Null(parsed.Resource);
        Assert.Null(parsed.Error);
        Assert.Null(parsed.HttpRequest);
        Assert.Null(parsed.DurationNanos);
        Assert.Empty(parsed.Attributes);
        Assert.Equal(0, parsed.TraceFlags);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"event_type\":\"function_entry\",\"trace_id\":\"0af7651916cd43dd8448eb211c80319a\"}", "span_id is missing")]
    [InlineData("{\"event_type\":\"function_party\",\"trace_id\":\"0af7651916cd43dd8448eb211c80319a\",\"span_id\":\"b7ad6b7169203331\"}", "'function_party' is not a telemetry v3 event type")]
    [InlineData("{\"event_type\":\"function_entry\",\"trace_id\":\"0af7651916cd43dd8448eb211c80319\",\"span_id\":\"b7ad6b7169203331\"}", "trace_id '0af7651916cd43dd8448eb211c80319' is not 32 hex digits")]
    [InlineData("{\"event_type\":\"function_entry\",\"trace_id\":\"0af7651916cd43dd8448eb211c80319a\",\"span_id\":\"b7ad6b7169203331\",\"sequence\":\"5\"}", "sequence must be an integer, not the string \"5\"")]
    [InlineData("{\"event_type\":\"http_request\",\"trace_id\":\"0af7651916cd43dd8448eb211c80319a\",\"span_id\":\"b7ad6b7169203331\",\"http\":{\"request\":{\"url\":\"/\"}}}", "http.request.method is missing")]
    [InlineData("{\"event_type\":\"function_entry\",\"trace_id\":\"0af7651916cd43dd8448eb211c80319a\",\"span_id\":\"b7ad6b7169203331\"} {}", "not valid JSON")]
    public void Bad_lines_are_rejected_with_the_field_named(string line, string expectedReason)
    {
        Assert.False(TelemetryEventReader.TryParse(line, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains(expectedReason, error);
    }

    private static void AssertSameEvent(TelemetryEvent expected, TelemetryEvent actual)
    {
        Assert.Equal(expected.TimestampUnixNanos, actual.TimestampUnixNanos);
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.EventType, actual.EventType);
        Assert.Equal(expected.Severity, actual.Severity);
        Assert.Equal(expected.FunctionName, actual.FunctionName);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(expected.TraceId, actual.TraceId);
        Assert.Equal(expected.SpanId, actual.SpanId);
        Assert.Equal(expected.ParentSpanId, actual.ParentSpanId);
        Assert.Equal(expected.TraceFlags, actual.TraceFlags);
        Assert.Equal(expected.SampleRate, actual.SampleRate);
        Assert.Equal(expected.DurationNanos, actual.DurationNanos);
        Assert.Equal(expected.SourceFile, actual.SourceFile);
        Assert.Equal(expected.SourceLine, actual.SourceLine);
        Assert.Equal(expected.ThreadId, actual.ThreadId);
        Assert.Equal(expected.CorrelationId, actual.CorrelationId);
        Assert.Equal(expected.ParentCorrelationId, actual.ParentCorrelationId);
        Assert.Equal(expected.Attributes, actual.Attributes);
        Assert.Equal(expected.Error?.Type, actual.Error?.Type);
        Assert.Equal(expected.Error?.Message, actual.Error?.Message);
        Assert.Equal(expected.Error?.StackTrace, actual.Error?.StackTrace);
        Assert.Equal(expected.HttpRequest?.Method, actual.HttpRequest?.Method);
        Assert.Equal(expected.HttpRequest?.Url, actual.HttpRequest?.Url);
        Assert.Equal(expected.HttpRequest?.Headers, actual.HttpRequest?.Headers);
        Assert.Equal(expected.HttpRequest?.BodyBytes, actual.HttpRequest?.BodyBytes);
        Assert.Equal(expected.HttpRequest?.UserAgent, actual.HttpRequest?.UserAgent);
        Assert.Equal(expected.HttpRequest?.Kind, actual.HttpRequest?.Kind);
        Assert.Equal(expected.HttpResponse?.StatusCode, actual.HttpResponse?.StatusCode);
        Assert.Equal(expected.HttpResponse?.Headers, actual.HttpResponse?.Headers);
        Assert.Equal(expected.HttpResponse?.BodyBytes, actual.HttpResponse?.BodyBytes);
        Assert.Equal(expected.HttpResponse?.ContentType, actual.HttpResponse?.ContentType);

        var r1 = expected.Resource!;
        var r2 = actual.Resource!;
        Assert.Equal((r1.Service.Name, r1.Service.Version, r1.Service.Namespace, r1.Service.InstanceId),
            (r2.Service.Name, r2.Service.Version, r2.Service.Namespace, r2.Service.InstanceId));
        Assert.Equal((r1.Host.Name, r1.Host.Ip, r1.Host.PublicIp), (r2.Host.Name, r2.Host.Ip, r2.Host.PublicIp));
        Assert.Equal((r1.Cloud!.Provider, r1.Cloud.Platform, r1.Cloud.Region, r1.Cloud.AvailabilityZone, r1.Cloud.AccountId, r1.Cloud.InstanceId, r1.Cloud.MachineType),
            (r2.Cloud!.Provider, r2.Cloud.Platform, r2.Cloud.Region, r2.Cloud.AvailabilityZone, r2.Cloud.AccountId, r2.Cloud.InstanceId, r2.Cloud.MachineType));
        var k1 = r1.Kubernetes!;
        var k2 = r2.Kubernetes!;
        Assert.Equal((k1.ClusterName, k1.NamespaceName, k1.PodName, k1.PodUid, k1.DeploymentName, k1.ServiceAccountName, k1.NodeName, k1.ContainerName),
            (k2.ClusterName, k2.NamespaceName, k2.PodName, k2.PodUid, k2.DeploymentName, k2.ServiceAccountName, k2.NodeName, k2.ContainerName));
        Assert.Equal((k1.CpuRequest, k1.CpuLimit, k1.MemoryRequest, k1.MemoryLimit), (k2.CpuRequest, k2.CpuLimit, k2.MemoryRequest, k2.MemoryLimit));
        Assert.Equal(k1.PodLabels, k2.PodLabels);
        Assert.Equal((r1.Runtime.RuntimeName, r1.Runtime.RuntimeVersion, r1.Runtime.OsType, r1.Runtime.TelemetrySdkName, r1.Runtime.TelemetrySdkVersion),
            (r2.Runtime.RuntimeName, r2.Runtime.RuntimeVersion, r2.Runtime.OsType, r2.Runtime.TelemetrySdkName, r2.Runtime.TelemetrySdkVersion));
        Assert.Equal(r1.ExtraAttributes, r2.ExtraAttributes);
        Assert.Equal((r1.Process.Pid, r1.Process.Executable, r1.Process.CommandLine), (r2.Process.Pid, r2.Process.Executable, r2.Process.CommandLine));
        Assert.Equal(r1.Environment, r2.Environment);
    }
}
