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

    public void Stop(object key, Func<HttpRequestPayload, HttpResponsePayload> response)
    {
        if (!_open.TryGetValue(key, out var exchange))
        {
            return;
        }
        _open.Remove(key);
        long duration = ProbeClock.GetTimestamp() - exchange.StartTimestamp;
        ProbeRuntime.Emit(EventKind.HttpResponse, exchange.Context, response(exchange.Request), durationTicks: duration);
    }

    private sealed record Exchange(HttpRequestPayload Request, SpanContext Context, long StartTimestamp);
}
