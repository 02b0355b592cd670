using System.Text;

namespace DotnetTelemetry.Cli.Live;

/// <summary>
/// The `--live` terminal view: redraws <see cref="LiveStats"/> every second on the terminal's alternate screen while
/// the work (an attach session, a child process) runs, and stops that work on `q` or Ctrl+C. The screen is put back
/// as it was on the way out, whatever ends the work.
/// </summary>
internal sealed class LiveView
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private readonly string _title;
    private readonly Queue<string> _messages = new();

    public LiveView(string title)
    {
        _title = title;
        Messages = new MessageWriter(this);
    }

    public LiveStats Stats { get; } = new();

    /// <summary>Diagnostics shown at the bottom of the screen (and printed after it closes) instead of on stderr.</summary>
    public TextWriter Messages { get; }

    /// <summary>Runs <paramref name="work"/> with a token cancelled on `q` or <paramref name="cancellation"/> (Ctrl+C), drawing until it ends.</summary>
    public async Task<int> RunAsync(Func<CancellationToken, Task<int>> work, CancellationToken cancellation)
    {
        using var quit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        Console.Out.Write("\u001b[?1049h\u001b[?25l"); // the alternate screen, no cursor
        Console.Out.Flush();
        var working = Task.Run(() => work(quit.Token));
        var keys = Task.Run(() => WatchKeys(quit, working));
        LiveSnapshot? before = null;
        try
        {
            while (!working.IsCompleted)
            {
                var now = Stats.Snapshot();
                Draw(now, before);
                before = now;
                await Task.WhenAny(working, Task.Delay(Refresh, CancellationToken.None)).ConfigureAwait(false);
            }
            return await working.ConfigureAwait(false);
        }
        finally
        {
            Console.Out.Write("\u001b[?25h\u001b[?1049l");
            Console.Out.Flush();
            await keys.ConfigureAwait(false);
            lock (_messages)
            {
                foreach (string message in _messages) Console.Error.WriteLine(message);
            }
        }
    }

    private void Draw(LiveSnapshot now, LiveSnapshot? before)
    {
        int width = Console.IsOutputRedirected ? 120 : Math.Max(40, Console.WindowWidth);
        int height = Console.IsOutputRedirected ? 40 : Math.Max(10, Console.WindowHeight);
        List<string> messages;
        lock (_messages) messages = _messages.ToList();
        var frame = new StringBuilder("\u001b[H");
        foreach (string line in LiveScreen.Render(_title, now, before, messages, width, height))
        {
            frame.Append(line).Append("\u001b[K\r\n");
        }
        frame.Append("\u001b[J");
        Console.Out.Write(frame.ToString());
        Console.Out.Flush();
    }

    /// <summary>`q` quits; with no terminal on stdin only Ctrl+C (or the work's own end) does.</summary>
    private static async Task WatchKeys(CancellationTokenSource quit, Task working)
    {
        if (Console.IsInputRedirected) return;
        while (!working.IsCompleted && !quit.IsCancellationRequested)
        {
            if (Console.KeyAvailable && Console.ReadKey(intercept: true).Key == ConsoleKey.Q)
            {
                quit.Cancel();
                return;
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private void AddMessage(string message)
    {
        lock (_messages)
        {
            _messages.Enqueue(message);
            while (_messages.Count > 20) _messages.Dequeue();
        }
    }

    private sealed class MessageWriter(LiveView view) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n')
                {
                    view.AddMessage(_line.ToString());
                    _line.Clear();
                }
                else if (value != '\r')
                {
                    _line.Append(value);
                }
            }
        }
    }
}
