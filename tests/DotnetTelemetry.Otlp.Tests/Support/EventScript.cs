using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp.Tests.Support;

/// <summary>
/// Builds synthetic telemetry v3 event sequences the way the drain thread hands them to sinks:
/// one reused <see cref="TelemetryEvent"/> instance, reset between events.
/// </summary>
internal sealed class EventScript
{
    public static readonly TraceId Trace = new(0x0af7651916cd43dd, 0x8448eb211c80319c);
    private readonly List<Action<TelemetryEvent>> _steps = new();
    private long _clock = 1_700_000_000_000_000_000;
    private long _sequence;

    public ResourceInfo Resource { get; } = SampleResource();

    public static ResourceInfo SampleResource()
    {
        var resource = new ResourceInfo
        {
            Service = { Name = "orders", Version = "1.4.2", Namespace = "shop", InstanceId = "orders-7f9c" },
            Host = { Name = "node-1", Ip = "10.1.2.3" },
            Environment = "staging",
            Runtime = { RuntimeName = ".NET", RuntimeVersion = "10.0.0", OsType = "linux", TelemetrySdkVersion = "0.1.0" },
            Process = { Pid = 4242, Executable = "/app/Orders", CommandLine = "/app/Orders --port 8080" },
            Cloud = new CloudInfo { Provider = "aws", Platform = "aws_ec2", Region = "eu-west-1", AvailabilityZone = "eu-west-1a", AccountId = "123456789012", InstanceId = "i-0abc", MachineType = "m5.large" },
            Kubernetes = new KubernetesInfo { ClusterName = "prod-eu", NamespaceName = "shop", PodName = "orders-7f9c", PodUid = "uid-1", DeploymentName = "orders" },
        };
        resource.Kubernetes.PodLabels.Add(new("app", "orders"));
        return resource;
    }

    public EventScript Advance(long nanos)
    {
        _steps.Add(_ => _clock += nanos);
        return this;
    }

    public EventScript Add(EventType type, ulong spanId, ulong parentSpanId, Action<TelemetryEvent>? fill = null)
    {
        _steps.Add(e =>
        {
            e.Reset();
            e.EventType = type;
            e.TimestampUnixNanos = _clock;
            e.Sequence = ++_sequence;
            e.TraceId = Trace;
            e.SpanId = new SpanId(spanId);
            e.ParentSpanId = new SpanId(parentSpanId);
            e.ThreadId = 7;
            e.Resource = Resource;
            fill?.Invoke(e);
        });
        return this;
    }

    public EventScript Entry(string function, ulong spanId, ulong parent) =>
        Add(EventType.FunctionEntry, spanId, parent, e =>
        {
            e.FunctionName = function;
            e.SourceFile = "/src/Orders/Service.cs";
            e.SourceLine = 42;
        });

    public EventScript Exit(string function, ulong spanId, ulong parent, long durationNanos, ErrorInfo? error = null) =>
        Add(EventType.FunctionExit, spanId, parent, e =>
        {
            e.FunctionName = function;
            e.DurationNanos = durationNanos;
            e.Error = error;
            if (error is not null) e.Severity = Severity.Error;
        });

    public EventScript HttpRequest(string kind, string method, string url, ulong spanId, ulong parent) =>
        Add(EventType.HttpRequest, spanId, parent, e =>
        {
            e.HttpRequest = new HttpRequestInfo { Kind = kind, Method = method, Url = url, UserAgent = "curl/8.5", BodyBytes = 12 };
        });

    public EventScript HttpResponse(string kind, string method, string url, int status, ulong spanId, ulong parent, long durationNanos) =>
        Add(EventType.HttpResponse, spanId, parent, e =>
        {
            e.HttpRequest = new HttpRequestInfo { Kind = kind, Method = method, Url = url };
            e.HttpResponse = new HttpResponseInfo { StatusCode = status, BodyBytes = 345, ContentType = "application/json" };
            e.DurationNanos = durationNanos;
        });

    /// <summary>Plays the script into a sink through one reused event instance.</summary>
    public void PlayInto(ITelemetrySink sink)
    {
        var e = new TelemetryEvent();
        foreach (var step in _steps)
        {
            long before = _sequence;
            step(e);
            if (_sequence != before) sink.Write(e);
        }
    }

    /// <summary><paramref name="count"/> sibling calls of one function: exactly <paramref name="count"/> spans, no logs.</summary>
    public static EventScript FunctionCalls(int count)
    {
        var s = new EventScript();
        for (int i = 1; i <= count; i++)
        {
            s.Entry("Orders.Worker.Step", (ulong)(0x1000 + i), 0x1)
                .Advance(1_000).Exit("Orders.Worker.Step", (ulong)(0x1000 + i), 0x1, 1_000);
        }
        return s;
    }

    /// <summary>
    /// The canonical scenario most tests use: an HTTP server request handled by
    /// Controller.Get → Service.Load (which loops and catches an exception) → an outgoing HTTP call,
    /// then Service.Save failing with an exception, plus an exception outside any function.
    /// </summary>
    public static EventScript CheckoutScenario()
    {
        var s = new EventScript();
        s.HttpRequest("server", "GET", "http://orders.local:8080/checkout?id=7", 0x10, 0)
            .Advance(1_000).Entry("Orders.Controller.Get", 0x11, 0x10)
            .Advance(1_000).Entry("Orders.Service.Load", 0x12, 0x11)
            .Advance(500).Add(EventType.LoopEntry, 0x12, 0x11, e => e.SourceLine = 50)
            .Advance(500).Add(EventType.LoopExit, 0x12, 0x11, e => { e.SourceLine = 50; e.DurationNanos = 500; e.Attributes.Add(new("iterations", 3L)); })
            .Advance(100).Add(EventType.ExceptionEntry, 0x12, 0x11, e => e.Error = new ErrorInfo { Type = "System.IO.IOException", Message = "disk busy", StackTrace = "at Orders.Service.Load()" })
            .Advance(100).HttpRequest("client", "POST", "http://127.0.0.1:9200/stock", 0x13, 0x12)
            .Advance(2_000).HttpResponse("client", "POST", "http://127.0.0.1:9200/stock", 404, 0x13, 0x12, 2_000)
            .Advance(400).Exit("Orders.Service.Load", 0x12, 0x11, 4_600)
            .Advance(100).Entry("Orders.Service.Save", 0x14, 0x11)
            .Advance(300).Exit("Orders.Service.Save", 0x14, 0x11, 300,
                new ErrorInfo { Type = "System.InvalidOperationException", Message = "no stock", StackTrace = "at Orders.Service.Save()\n at Orders.Controller.Get()" })
            .Advance(100).Exit("Orders.Controller.Get", 0x11, 0x10, 7_100)
            .Advance(100).HttpResponse("server", "GET", "http://orders.local:8080/checkout?id=7", 503, 0x10, 0, 8_300)
            .Advance(100).Add(EventType.ExceptionEntry, 0, 0, e =>
            {
                e.Severity = Severity.Warn;
                e.Error = new ErrorInfo { Type = "System.TimeoutException", Message = "background refresh timed out" };
            });
        return s;
    }
}
