using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Schema.Tests;

/// <summary>Events as the agent produces them, with every block the event type can carry filled in.</summary>
internal static class SampleEvents
{
    // 2025-11-03T19:15:41.499Z plus some sub-millisecond nanoseconds.
    public const long BaseNanos = 1_762_197_341_499_123_456;

    public static readonly TraceId Trace = new(0x0af7651916cd43dd, 0x8448eb211c80319a);

    public static ResourceInfo FullResource()
    {
        var resource = new ResourceInfo
        {
            Service = new ServiceInfo { Name = "data-fetcher", Version = "1.0.0", Namespace = "shop", InstanceId = "i-1" },
            Host = new HostInfo { Name = "api-node-1", Ip = "10.0.1.42", PublicIp = "203.0.113.9" },
            Cloud = new CloudInfo
            {
                Provider = "aws", Platform = "aws_ec2", Region = "us-east-1", AvailabilityZone = "us-east-1a",
                AccountId = "123456789012", InstanceId = "i-0abc", MachineType = "m5.large",
            },
            Kubernetes = new KubernetesInfo
            {
                ClusterName = "prod-eu", NamespaceName = "shop", PodName = "fetcher-7d9f-abc", PodUid = "9f1c-22",
                DeploymentName = "fetcher", ServiceAccountName = "fetcher-sa", NodeName = "node-3", ContainerName = "app",
                CpuRequest = 0.5, CpuLimit = 2, MemoryRequest = 268_435_456, MemoryLimit = 536_870_912,
            },
            Runtime = new RuntimeResourceInfo
            {
                RuntimeName = ".NET", RuntimeVersion = "10.0.0", OsType = "linux",
                TelemetrySdkName = "dotnet-telemetry", TelemetrySdkVersion = "0.1.0",
            },
            Process = new ProcessInfo { Pid = 3421, Executable = "/app/Fetcher", CommandLine = "/app/Fetcher --port 8080" },
            Environment = "prod",
        };
        resource.Kubernetes.PodLabels.Add(new("app", "fetcher"));
        resource.Kubernetes.PodLabels.Add(new("tier", "backend"));
        resource.ExtraAttributes.Add(new("team", "payments"));
        return resource;
    }

    /// <summary>One event of <paramref name="type"/>, with every block that type can carry.</summary>
    public static TelemetryEvent Full(EventType type, long sequence = 5, ResourceInfo? resource = null)
    {
        var e = new TelemetryEvent();
        Fill(e, type, sequence, resource ?? FullResource());
        return e;
    }

    public static void Fill(TelemetryEvent e, EventType type, long sequence, ResourceInfo resource)
    {
        e.Reset();
        e.TimestampUnixNanos = BaseNanos + sequence * 1_000_000;
        e.Sequence = sequence;
        e.EventType = type;
        e.Severity = type is EventType.ExceptionEntry or EventType.ExceptionExit ? Severity.Error : Severity.Info;
        e.FunctionName = "Shop.Fetcher.FetchData";
        e.Message = $"{type.ToWireName()} of 'FetchData' <ok> & \"quoted\" é";
        e.TraceId = Trace;
        e.SpanId = new SpanId(0xb7ad6b7169203331);
        e.ParentSpanId = new SpanId(0x00f067aa0ba902b7);
        e.TraceFlags = 1;
        e.SampleRate = 0.25;
        e.SourceFile = "/src/Shop/Fetcher.cs";
        e.SourceLine = 42;
        e.ThreadId = 7;
        e.CorrelationId = "func_abc123";
        e.ParentCorrelationId = "func_parent";
        e.Attributes.Add(new("return_value", "{'status': 'ok'}"));
        e.Attributes.Add(new("caller.line", 42L));
        e.Attributes.Add(new("ratio", 0.5));
        e.Attributes.Add(new("cached", true));
        e.Resource = resource;

        if (type is EventType.FunctionExit or EventType.LoopExit or EventType.ConditionalExit or EventType.HttpResponse)
        {
            e.DurationNanos = 345_678_000;
        }
        if (type is EventType.FunctionExit or EventType.ExceptionEntry or EventType.ExceptionExit)
        {
            e.Error = new ErrorInfo
            {
                Type = "System.InvalidOperationException",
                Message = "Sequence contains no elements",
                StackTrace = "   at Shop.Fetcher.FetchData() in /src/Shop/Fetcher.cs:line 42\n   at Program.<Main>$(String[] args)",
            };
        }
        if (type is EventType.HttpRequest or EventType.HttpResponse)
        {
            var request = new HttpRequestInfo
            {
                Method = "POST", Url = "http://127.0.0.1:5000/orders?id=1", BodyBytes = 128, UserAgent = "curl/8.5", Kind = "client",
            };
            request.Headers.Add(new("Content-Type", "application/json"));
            request.Headers.Add(new("Authorization", "[REDACTED]"));
            e.HttpRequest = request;
        }
        if (type is EventType.HttpResponse)
        {
            var response = new HttpResponseInfo { StatusCode = 201, BodyBytes = 64, ContentType = "application/json" };
            response.Headers.Add(new("Content-Type", "application/json"));
            e.HttpResponse = response;
        }
        if (type is EventType.AgentStatus)
        {
            e.FunctionName = null;
            e.SourceFile = null;
            e.SourceLine = 0;
            e.Attributes.Clear();
            e.Attributes.Add(new("agent.exported", 1000L));
            e.Attributes.Add(new("agent.dropped", 3L));
        }
    }
}
