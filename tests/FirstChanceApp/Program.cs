using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FirstChanceApp;

// Prints every first-chance exception of the process ("first-chance: <type> | <message>"), then works in rounds:
// one exception of its own (thrown and caught), a little computing, one HTTP call to a loopback server of its own.
// Runs for the number of seconds given as the first argument, or until stdin closes when it is 0 or missing.
// Its handler is in place before the agent starts when DOTNET_STARTUP_HOOKS names this assembly ahead of the agent's
// hook (see StartupHook below); otherwise from the first line of Main, as in an ordinary app.
FirstChanceWatch.Install();
int seconds = args.Length > 0 && int.TryParse(args[0], out int s) ? s : 0;
var deadline = seconds > 0 ? DateTime.UtcNow.AddSeconds(seconds) : DateTime.MaxValue;
var stdinClosed = new ManualResetEventSlim();
if (seconds == 0)
{
    new Thread(() =>
    {
        while (Console.In.ReadLine() is { } line && line.Trim() != "stop")
        {
        }
        stdinClosed.Set();
    }) { IsBackground = true }.Start();
}

// Never disposed: stopping the server's accept loop would throw (the app's own exceptions, but noise here).
var server = new LoopbackServer();
using var client = new HttpClient();
Console.WriteLine("FirstChanceApp ready");
for (int round = 1; !stdinClosed.IsSet && DateTime.UtcNow < deadline; round++)
{
    string own = Work.ThrowAndCatchOwn(round);
    int fib = Work.Fibonacci(10 + round % 5);
    string reply = await client.GetStringAsync($"{server.Url}round/{round}");
    Console.WriteLine($"round {round}: own={own} fib={fib} http={reply}");
    stdinClosed.Wait(200);
}
Console.WriteLine("FirstChanceApp done");

namespace FirstChanceApp
{
    /// <summary>The app's own exception: the only type the tests expect the watch to see.</summary>
    public sealed class AppOwnException(string message) : Exception(message);

    public static class Work
    {
        public static string ThrowAndCatchOwn(int round)
        {
            try
            {
                throw new AppOwnException($"round {round}");
            }
            catch (AppOwnException e)
            {
                return e.Message.Replace(' ', '-');
            }
        }

        public static int Fibonacci(int n) => n < 2 ? n : Fibonacci(n - 1) + Fibonacci(n - 2);
    }

    /// <summary>
    /// What an app's own diagnostics see of the process: every first-chance exception (a process-wide handler), every
    /// outgoing HttpClient request through DiagnosticListener, and every HttpClient Activity through an ActivityListener.
    /// Each is printed as one line: "first-chance: ...", "diagnostic-http: ...", "activity-http: ...".
    /// </summary>
    public static class FirstChanceWatch
    {
        private static int s_installed;
        private static readonly List<IDisposable> s_subscriptions = new();

        [ThreadStatic]
        private static bool t_printing;

        public static void Install()
        {
            if (Interlocked.Exchange(ref s_installed, 1) != 0)
            {
                return;
            }
            AppDomain.CurrentDomain.FirstChanceException += (_, args) =>
            {
                string message = args.Exception.Message.Split('\n')[0].Trim();
                string thrower = args.Exception.TargetSite is { } site ? $"{site.DeclaringType?.FullName}.{site.Name}" : "?";
                Print($"first-chance: {args.Exception.GetType().FullName} | {message} | thrown in {thrower} | thread {Environment.CurrentManagedThreadId} {Thread.CurrentThread.Name}");
            };
            s_subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(new ListenerWatch()));
            var activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "System.Net.Http",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                // At the stop: the runtime sets the request's tags after the start.
                ActivityStopped = activity => Print($"activity-http: {activity.OperationName} {activity.GetTagItem("url.full")}"),
            };
            ActivitySource.AddActivityListener(activities);
        }

        private static void Print(string line)
        {
            // Writing can itself throw (a closed pipe): never report inside a report.
            if (t_printing)
            {
                return;
            }
            t_printing = true;
            try
            {
                Console.Out.WriteLine(line);
                Console.Out.Flush();
            }
            catch
            {
            }
            finally
            {
                t_printing = false;
            }
        }

        private sealed class ListenerWatch : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
        {
            public void OnNext(DiagnosticListener listener)
            {
                if (listener.Name == "HttpHandlerDiagnosticListener")
                {
                    lock (s_subscriptions)
                    {
                        s_subscriptions.Add(listener.Subscribe(this));
                    }
                }
            }

            public void OnNext(KeyValuePair<string, object?> value)
            {
                if (value.Key == "System.Net.Http.HttpRequestOut.Start"
                    && value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is HttpRequestMessage request)
                {
                    Print($"diagnostic-http: {request.Method} {request.RequestUri}");
                }
            }

            public void OnError(Exception error)
            {
            }

            public void OnCompleted()
            {
            }
        }
    }

    /// <summary>A minimal HTTP/1.1 server on a free loopback port that answers every GET with its path.</summary>
    public sealed class LoopbackServer
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public LoopbackServer()
        {
            _listener.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
            new Thread(AcceptLoop) { IsBackground = true, Name = "app loopback server" }.Start();
        }

        public string Url { get; }

        private void AcceptLoop()
        {
            while (true)
            {
                using var connection = _listener.AcceptTcpClient();
                var stream = connection.GetStream();
                using var reader = new StreamReader(stream, leaveOpen: true);
                string? requestLine = reader.ReadLine();
                while (!string.IsNullOrEmpty(reader.ReadLine()))
                {
                }
                string path = requestLine?.Split(' ') is { Length: > 1 } parts ? parts[1] : "/";
                byte[] body = System.Text.Encoding.UTF8.GetBytes(path);
                string header = $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n";
                stream.Write(System.Text.Encoding.ASCII.GetBytes(header));
                stream.Write(body);
            }
        }
    }
}

/// <summary>
/// Lets DOTNET_STARTUP_HOOKS name this app ahead of the agent's hook, so its handler also sees what happens while
/// the agent starts (before Main).
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        // The variable reaches every .NET process started with it (dotnet-telemetry run itself among them): watch only this app.
        if (System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupHook).Assembly)
        {
            FirstChanceWatch.Install();
        }
    }
}
