using System.Diagnostics;
using System.Text.Json;
using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Http;
using DotnetTelemetry.Agent.Internal;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Agent.Tests;

/// <summary>
/// Which span an outgoing HttpClient call hangs under, and which trace it puts on the wire, when it is made inside a
/// woven function: with no Activity anywhere (a console app), under a request Activity, and under an Activity of
/// another trace. The "woven function" is what woven IL runs: <see cref="Probe.Enter(ref CallScope, int)"/> ... Exit,
/// with the call started in between (a woven method that returns the call's Task). Clients are warmed first: on
/// .NET 10 the first request through a new SocketsHttpHandler builds the handler chain on a pool thread, so its
/// HttpRequestOut.Start runs after a hop, where no woven call is current (see the last test).
/// </summary>
[Collection(RingCollection.Name)]
public class HttpClientNestingTests : RingTestBase
{
    private static readonly int FunctionId = MethodRegistry.Register("Shop.Orders.Fetch()", null, 0);
    private readonly DiagnosticSubscriber _subscriber;

    public HttpClientNestingTests()
    {
        _subscriber = new DiagnosticSubscriber(new AgentConfig());
        _subscriber.Start();
        WovenTraceIds.Install();
    }

    public override void Dispose()
    {
        WovenTraceIds.Uninstall();
        _subscriber.Dispose();
        base.Dispose();
    }

    [Fact]
    public async Task With_no_Activity_the_call_joins_the_functions_trace_under_its_span_and_says_so_on_the_wire()
    {
        Assert.Null(Activity.Current);
        using var server = new FakeHttpServer(_ => (200, "{}"));
        using var client = await WarmClient(server);

        await CallInsideFunction(client, server.Url + "root");

        var (function, request) = FunctionAndRequest(Drain());
        Assert.Equal(function.Str("trace_id"), request.Str("trace_id"));
        Assert.Equal(function.Str("span_id"), request.Str("parent_span_id"));
        Assert.Equal("01", request.Str("trace_flags"));
        Assert.Equal($"00-{function.Str("trace_id")}-{request.Str("span_id")}-01", server.Requests.Last().Headers["traceparent"]);
    }

    [Fact]
    public async Task Under_a_request_Activity_the_call_nests_under_the_function_not_beside_it()
    {
        using var server = new FakeHttpServer(_ => (200, "{}"));
        using var client = await WarmClient(server);
        var remoteTrace = ActivityTraceId.CreateRandom();
        using (var requestActivity = new Activity("incoming").SetParentId(remoteTrace, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start())
        {
            await CallInsideFunction(client, server.Url + "request");
            var (function, request) = FunctionAndRequest(Drain());
            Assert.Equal(requestActivity.SpanId.ToHexString(), function.Str("parent_span_id"));
            Assert.Equal(remoteTrace.ToHexString(), request.Str("trace_id"));
            Assert.Equal(function.Str("span_id"), request.Str("parent_span_id"));
            Assert.Equal($"00-{remoteTrace.ToHexString()}-{request.Str("span_id")}-01", server.Requests.Last().Headers["traceparent"]);
        }
    }

    [Fact]
    public async Task An_Activity_of_another_trace_started_inside_the_function_keeps_the_call()
    {
        using var server = new FakeHttpServer(_ => (200, "{}"));
        using var client = await WarmClient(server);
        var otherTrace = ActivityTraceId.CreateRandom();
        var scope = default(CallScope);
        Probe.Enter(ref scope, FunctionId);
        Task<HttpResponseMessage> call;
        Activity consumer;
        try
        {
            // A message consumer continuing the trace of the message it handles, inside the woven function.
            consumer = new Activity("consume").SetParentId(otherTrace, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
            call = client.GetAsync(server.Url + "other");
            consumer.Stop();
        }
        finally
        {
            Probe.Exit(ref scope);
        }
        (await call).Dispose();

        var (function, request) = FunctionAndRequest(Drain());
        Assert.NotEqual(function.Str("trace_id"), request.Str("trace_id"));
        Assert.Equal(otherTrace.ToHexString(), request.Str("trace_id"));
        Assert.Equal(consumer.SpanId.ToHexString(), request.Str("parent_span_id"));
    }

    [Fact]
    public async Task An_unsampled_function_sends_its_trace_unsampled_and_records_no_call()
    {
        // A ratio of 0: every root is dropped, and its context stays on the thread so its children stop too.
        ProbeRuntime.Configure(new ProbeConfiguration { Enabled = true, Sampler = SamplerKind.TraceIdRatio, SamplerRatio = 0, RingCapacity = 1 << 14 });
        using var server = new FakeHttpServer(_ => (200, "{}"));
        using var client = await WarmClient(server);
        var scope = default(CallScope);
        Probe.Enter(ref scope, FunctionId);
        Task<HttpResponseMessage> call;
        SpanContext function;
        try
        {
            function = ProbeRuntime.CurrentWovenSpan;
            call = client.GetAsync(server.Url + "unsampled");
        }
        finally
        {
            Probe.Exit(ref scope);
        }
        (await call).Dispose();

        Assert.True(function.IsValid);
        Assert.False(function.IsSampled);
        Assert.Empty(Drain());
        string traceparent = server.Requests.Last().Headers["traceparent"];
        Assert.StartsWith($"00-{function.TraceIdHex}-", traceparent);
        Assert.EndsWith("-00", traceparent);
    }

    [Fact]
    public void Root_Activities_take_the_functions_trace_inside_it_and_the_apps_generator_outside()
    {
        WovenTraceIds.Uninstall();
        var appTrace = ActivityTraceId.CreateRandom();
        Activity.TraceIdGenerator = () => appTrace;
        using var source = new ActivitySource("Shop.Library");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        try
        {
            WovenTraceIds.Install(); // chains the app's generator
            using (var outside = new Activity("outside").Start())
            {
                Assert.Equal(appTrace, outside.TraceId);
            }

            var scope = default(CallScope);
            Probe.Enter(ref scope, FunctionId);
            try
            {
                string functionTrace = ProbeRuntime.CurrentWovenSpan.TraceIdHex;
                using (var bare = new Activity("bare").Start())
                {
                    Assert.Equal(functionTrace, bare.TraceId.ToHexString());
                }
                using (var fromSource = source.StartActivity("library work"))
                {
                    Assert.NotNull(fromSource);
                    Assert.Equal(functionTrace, fromSource!.TraceId.ToHexString());
                }
            }
            finally
            {
                Probe.Exit(ref scope);
            }

            WovenTraceIds.Uninstall();
            Assert.Equal(appTrace, Activity.TraceIdGenerator!());
        }
        finally
        {
            Activity.TraceIdGenerator = null;
        }
    }

    [Fact]
    public async Task A_call_that_starts_after_an_async_hop_falls_back_to_the_request_Activity()
    {
        // A handler that awaits before passing the request on (token refresh, rate limiter, retry delay): the
        // HttpClient Activity starts on another thread, where the function is not current. The call then hangs under
        // the Activity it inherited, in the same trace, never under whatever woven call that thread runs.
        using var server = new FakeHttpServer(_ => (200, "{}"));
        using var client = new HttpClient(new YieldingHandler { InnerHandler = new SocketsHttpHandler() });
        (await client.GetAsync(server.Url + "warm-up")).Dispose();
        Drain();
        using var requestActivity = new Activity("incoming").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();

        await CallInsideFunction(client, server.Url + "after-hop");

        var (function, request) = FunctionAndRequest(Drain());
        Assert.Equal(requestActivity.TraceId.ToHexString(), request.Str("trace_id"));
        Assert.Equal(function.Str("trace_id"), request.Str("trace_id"));
        Assert.Equal(requestActivity.SpanId.ToHexString(), request.Str("parent_span_id"));
    }

    /// <summary>A client whose handler chain is built (one request sent and its events drained), so later calls start in the caller's synchronous part.</summary>
    private static async Task<HttpClient> WarmClient(FakeHttpServer server)
    {
        var client = new HttpClient();
        (await client.GetAsync(server.Url + "warm-up")).Dispose();
        Drain();
        return client;
    }

    private sealed class YieldingHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A woven sync function that starts the call and returns its Task: the call's synchronous part runs inside the function.</summary>
    private static async Task CallInsideFunction(HttpClient client, string url)
    {
        var scope = default(CallScope);
        Probe.Enter(ref scope, FunctionId);
        Task<HttpResponseMessage> call;
        try
        {
            call = client.GetAsync(url);
        }
        finally
        {
            Probe.Exit(ref scope);
        }
        (await call).Dispose();
    }

    private static (JsonElement Function, JsonElement Request) FunctionAndRequest(List<JsonElement> events)
    {
        var function = Assert.Single(events, e => e.Str("event_type") == "function_entry");
        var request = Assert.Single(events, e => e.Str("event_type") == "http_request");
        Assert.Equal("client", request.Str("http", "request", "kind"));
        return (function, request);
    }
}
