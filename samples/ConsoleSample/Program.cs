using System.Net;
using ConsoleSample;

// A small app exercising the shapes an agent must get right. Its stdout is deterministic so tests can
// compare a run under the agent with a run without it. Pass "crash" to end with an unhandled exception.
Console.WriteLine("ConsoleSample starting");

Console.WriteLine($"fib(10) = {MathOps.Fibonacci(10)}");
Console.WriteLine($"max = {Generic.Max(3, 7)}, {Generic.Max("apple", "pear")}");
var box = new Box<int>(41);
Console.WriteLine($"box = {box.Map(x => x + 1).Value}");

var counter = new Counter();
counter.Increment();
counter.Increment();
Console.WriteLine($"counter = {counter.Value}");

Console.WriteLine($"evens = {string.Join(",", Sequences.Evens(5))}");

var orders = new OrderService();
Console.WriteLine($"total = {await orders.ProcessAllAsync(new[] { 1, 2, 3 })}");
await foreach (var item in Sequences.CountdownAsync(3))
{
    Console.WriteLine($"countdown {item}");
}

try
{
    orders.Validate(-1);
}
catch (ArgumentOutOfRangeException e)
{
    Console.WriteLine($"caught {e.GetType().Name}");
}

try
{
    await orders.FailLaterAsync();
}
catch (InvalidOperationException e)
{
    Console.WriteLine($"caught async {e.Message}");
}

using (var server = new LoopbackServer())
{
    using var client = new HttpClient();
    var body = await client.GetStringAsync(server.Url + "hello?token=secret");
    Console.WriteLine($"http body = {body}");
}

if (args.Contains("crash"))
{
    Crasher.Crash();
}

Console.WriteLine("ConsoleSample done");

namespace ConsoleSample
{
    public static class MathOps
    {
        public static int Fibonacci(int n) => n < 2 ? n : Fibonacci(n - 1) + Fibonacci(n - 2);
    }

    public static class Generic
    {
        public static T Max<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) >= 0 ? a : b;
    }

    public sealed class Box<T>(T value)
    {
        public T Value { get; } = value;

        public Box<TResult> Map<TResult>(Func<T, TResult> map) => new(map(Value));
    }

    public struct Counter
    {
        public int Value { get; private set; }

        public void Increment() => Value++;
    }

    public static class Sequences
    {
        public static IEnumerable<int> Evens(int count)
        {
            for (int i = 0; i < count; i++)
            {
                yield return i * 2;
            }
        }

        public static async IAsyncEnumerable<int> CountdownAsync(int from)
        {
            for (int i = from; i > 0; i--)
            {
                await Task.Delay(1);
                yield return i;
            }
        }
    }

    public sealed class OrderService
    {
        public async Task<int> ProcessAllAsync(int[] ids)
        {
            var results = await Task.WhenAll(ids.Select(ProcessAsync));
            return results.Sum();
        }

        public async Task<int> ProcessAsync(int id)
        {
            await Task.Delay(10 * id);
            return Price(id);
        }

        public int Price(int id) => id * 100;

        public void Validate(int quantity)
        {
            if (quantity < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(quantity), "quantity must not be negative");
            }
        }

        public async ValueTask FailLaterAsync()
        {
            await Task.Yield();
            throw new InvalidOperationException("failed after an await");
        }
    }

    public static class Crasher
    {
        public static void Crash() => throw new InvalidOperationException("unhandled on purpose");
    }

    /// <summary>An HTTP server on a loopback port, so the sample's HttpClient call never leaves the machine.</summary>
    public sealed class LoopbackServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public LoopbackServer()
        {
            int port = FreePort();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }
                var payload = System.Text.Encoding.UTF8.GetBytes("world");
                context.Response.ContentType = "text/plain";
                context.Response.ContentLength64 = payload.Length;
                await context.Response.OutputStream.WriteAsync(payload);
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        public void Dispose()
        {
            _listener.Stop();
            try { _loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
            _listener.Close();
        }
    }
}
