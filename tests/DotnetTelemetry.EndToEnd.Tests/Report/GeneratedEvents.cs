using DotnetTelemetry.Schema;

namespace DotnetTelemetry.EndToEnd.Tests.Report;

/// <summary>
/// A large, realistic stream written by the product's own writer: web requests (an HTTP server span, a handler, seven
/// nested calls, one caught exception), every tenth answered 500. 20 events a trace.
/// </summary>
internal static class GeneratedEvents
{
    private const int EventsPerTrace = 20;

    public static int Write(string path, int targetEvents)
    {
        var resource = new ResourceInfo { Service = new ServiceInfo { Name = "generated-shop" }, Process = new ProcessInfo { Pid = 4242 } };
        var writer = new TelemetryJsonWriter();
        var e = new TelemetryEvent();
        var random = new Random(17);
        long sequence = 0, clock = 1_796_000_000_000_000_000;
        ulong nextSpan = 1;
        using var output = new BufferedStream(File.Create(path), 1 << 20);
        int traces = targetEvents / EventsPerTrace;
        string[] endpoints = { "/orders", "/orders/{id}", "/inventory", "/reports/daily" };
        for (int t = 0; t < traces; t++)
        {
            var traceId = new TraceId((ulong)t + 1, 0xabcdefUL);
            long start = clock;
            clock += 1_000_000;
            bool failed = t % 10 == 0;
            ulong request = nextSpan++, handler = nextSpan++;
            long handlerDuration = 200_000 + random.Next(5_000_000);
            Emit(EventType.HttpRequest, request, 0, start, null, http: ("GET", endpoints[t % endpoints.Length], -1));
            Emit(EventType.FunctionEntry, handler, request, start + 1_000, "Shop.Api.OrdersController.Get");
            long at = start + 2_000;
            ulong parent = handler;
            for (int call = 0; call < 7; call++)
            {
                ulong span = nextSpan++;
                long duration = 10_000 + random.Next(100_000);
                string name = call % 2 == 0 ? $"Shop.Data.Repository.Query{call}" : $"Shop.Domain.Pricing.Compute{call}";
                Emit(EventType.FunctionEntry, span, parent, at, name);
                if (call == 3)
                {
                    Emit(EventType.ExceptionEntry, span, parent, at + 5_000, name, error: "System.InvalidOperationException");
                    Emit(EventType.ExceptionExit, span, parent, at + 6_000, name, error: "System.InvalidOperationException");
                }
                Emit(EventType.FunctionExit, span, parent, at + duration, name, duration);
                at += duration + 1_000;
                if (call % 3 == 2) parent = span;
            }
            Emit(EventType.FunctionExit, handler, request, start + 1_000 + handlerDuration, "Shop.Api.OrdersController.Get", handlerDuration);
            Emit(EventType.HttpResponse, request, 0, start + handlerDuration + 5_000, null, handlerDuration + 5_000, ("GET", endpoints[t % endpoints.Length], failed ? 500 : 200));

            void Emit(EventType type, ulong span, ulong parentSpan, long timestamp, string? function, long? duration = null,
                (string Method, string Path, int Status)? http = null, string? error = null)
            {
                e.Reset();
                e.Resource = resource;
                e.EventType = type;
                e.Sequence = sequence++;
                e.TimestampUnixNanos = timestamp;
                e.TraceId = traceId;
                e.SpanId = new SpanId(span);
                e.ParentSpanId = new SpanId(parentSpan);
                e.FunctionName = function;
                e.DurationNanos = duration;
                if (http is { } h)
                {
                    e.HttpRequest = new HttpRequestInfo { Method = h.Method, Url = "http://127.0.0.1:5000" + h.Path, Kind = "server" };
                    if (h.Status > 0) e.HttpResponse = new HttpResponseInfo { StatusCode = h.Status };
                }
                if (error is not null) e.Error = new ErrorInfo { Type = error, Message = "out of stock" };
                writer.WriteLine(e, output);
            }
        }
        return traces * EventsPerTrace;
    }
}
