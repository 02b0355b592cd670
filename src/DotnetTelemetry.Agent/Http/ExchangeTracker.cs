using System.Runtime.CompilerServices;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Agent.Http;

/// <summary>
/// Pairs the start and stop of each HTTP exchange (keyed by the app's request object, weakly, so a start
/// without a stop leaks nothing) and puts both events into the probes' ring with the exchange's span context.
/// </summary>
internal sealed class ExchangeTracker
{
    private readonly ConditionalWeakTable<object, Exchange> _open = new();

    public void Start(object key, HttpRequestPayload request, SpanContext context)
    {
        if (!context.IsSampled)
        {
            return;
        }
        var exchange = new Exchange(request, context, ProbeClock.GetTimestamp());
        if (ProbeRuntime.Emit(EventKind.HttpRequest, context, request))
        {
            _open.AddOrUpdate(key, exchange);
        }
    }

    /// <summary>The request recorded at the start of this exchange, or null when the start was not recorded.</summary>
    public HttpRequestPayload? RequestOf(object key) => _open.TryGetValue(key, out var exchange) ? exchange.Request : null;

    /// <summary>
    /// Closes the exchange keyed by <paramref name="key"/> and measures its duration; false (nothing to emit) when
    /// its start was not recorded. The caller builds the response only then, and hands it to <see cref="EmitResponse"/>.
    /// </summary>
    public bool TryStop(object key, out Exchange exchange, out long durationTicks)
    {
        if (!_open.TryGetValue(key, out exchange!))
        {
            durationTicks = 0;
            return false;
        }
        _open.Remove(key);
        durationTicks = ProbeClock.GetTimestamp() - exchange.StartTimestamp;
        return true;
    }

    public static void EmitResponse(Exchange exchange, long durationTicks, HttpResponsePayload response)
        => ProbeRuntime.Emit(EventKind.HttpResponse, exchange.Context, response, durationTicks: durationTicks);

    internal sealed class Exchange(HttpRequestPayload request, SpanContext context, long startTimestamp)
    {
        public HttpRequestPayload Request { get; } = request;
        public SpanContext Context { get; } = context;
        public long StartTimestamp { get; } = startTimestamp;
    }
}
