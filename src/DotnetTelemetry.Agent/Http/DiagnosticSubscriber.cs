using System.Diagnostics;
using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Internal;

namespace DotnetTelemetry.Agent.Http;

/// <summary>
/// Watches every DiagnosticListener the process creates (now and later) and subscribes to the two that
/// describe HTTP: HttpClient's and ASP.NET Core's, each with a filter so that nothing else is switched on.
/// </summary>
internal sealed class DiagnosticSubscriber : IObserver<DiagnosticListener>, IDisposable
{
    private readonly HttpClientObserver _client;
    private readonly AspNetCoreObserver _server;
    private readonly List<IDisposable> _subscriptions = new();
    private IDisposable? _allListeners;

    public DiagnosticSubscriber(AgentConfig config)
    {
        var tracker = new ExchangeTracker();
        _client = new HttpClientObserver(config, tracker);
        _server = new AspNetCoreObserver(config, tracker);
    }

    public void Start() => _allListeners = DiagnosticListener.AllListeners.Subscribe(this);

    public void OnNext(DiagnosticListener listener)
    {
        using var guard = AgentCode.Enter();
        try
        {
            IDisposable? subscription = listener.Name switch
            {
                HttpClientObserver.ListenerName => listener.Subscribe(_client, (name, _, _) => HttpClientObserver.IsEnabled(name)),
                AspNetCoreObserver.ListenerName => listener.Subscribe(_server, (name, _, _) => AspNetCoreObserver.IsEnabled(name)),
                _ => null,
            };
            if (subscription is not null)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(subscription);
                }
            }
        }
        catch
        {
            // a listener we cannot subscribe to costs its events, nothing else
        }
    }

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }

    public void Dispose()
    {
        _allListeners?.Dispose();
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
            _subscriptions.Clear();
        }
    }
}
