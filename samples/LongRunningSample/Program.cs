using System.Net;
using System.Net.Sockets;
using LongRunningSample;

// Works in rounds until stdin closes (or "stop" is typed), or for the number of seconds given as the
// first argument. Each round computes, catches one exception and makes one HTTP call to a loopback
// server of its own, then prints one line: the output depends only on the round number.
int seconds = args.Length > 0 && int.TryParse(args[0], out int s) ? s : 0;
var deadline = seconds > 0 ? DateTime.UtcNow.AddSeconds(seconds) : DateTime.MaxValue;
using var stop = new CancellationTokenSource();
_ = Task.Run(() =>
{
    while (Console.In.ReadLine() is { } line && line.Trim() != "stop")
    {
    }
    stop.Cancel();
});

using var server = new LoopbackServer();
using var client = new HttpClient();
Console.WriteLine("LongRunningSample ready");
for (int round = 1; !stop.IsCancellationRequested && DateTime.UtcNow < deadline; round++)
{
    int result = Worker.Compute(round);
    string validation = Worker.TryValidate(round);
    string reply = await client.GetStringAsync($"{server.Url}round/{round}");
    Console.WriteLine($"round {round}: compute={result} validate={validation} http={reply}");
    try
    {
        await Task.Delay(200, stop.Token);
    }
    catch (OperationCanceledException)
    {
    }
}
Console.WriteLine("LongRunningSample done");

namespace LongRunningSample
{
    public static class Worker
    {
        public static int Compute(int round) => Square(round % 10) + 1;

        public static int Square(int value) => value * value;

        public static string TryValidate(int round)
        {
            try
            {
                Validate(round);
                return "ok";
            }
            catch (ArgumentException)
            {
                return "rejected";
            }
        }

        public static void Validate(int round)
        {
            if (round % 3 == 0)
            {
                throw new ArgumentException("round divisible by three", nameof(round));
            }
        }
    }

    /// <summary>A minimal HTTP/1.1 server on a free loopback port that answers every GET with its path.</summary>
    public sealed class LoopbackServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public LoopbackServer()
        {
            _listener.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
            _ = Task.Run(AcceptLoop);
        }

        public string Url { get; }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
                _ = Task.Run(() => Serve(connection));
            }
        }

        private static async Task Serve(TcpClient connection)
        {
            using (connection)
            {
                var stream = connection.GetStream();
                using var reader = new StreamReader(stream);
                string? requestLine = await reader.ReadLineAsync();
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
                {
                }
                string path = requestLine?.Split(' ') is { Length: > 1 } parts ? parts[1] : "/";
                byte[] body = System.Text.Encoding.UTF8.GetBytes(path);
                string header = $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(header));
                await stream.WriteAsync(body);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
