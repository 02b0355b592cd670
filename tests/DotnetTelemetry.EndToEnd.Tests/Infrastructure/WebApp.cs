using System.Diagnostics;
using System.Net.Sockets;

namespace DotnetTelemetry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The web sample running on a free loopback port: started, awaited until it answers, stopped with SIGTERM
/// (a graceful stop, so the agent's exit flush runs), its output collected.
/// </summary>
public sealed class WebApp : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stdout = new();
    private readonly System.Text.StringBuilder _stderr = new();

    private WebApp(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.Append(e.Data).Append('\n'); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }

    public static Task<WebApp> StartAsync(string dll, IReadOnlyDictionary<string, string?> environment)
        => StartAsync(ProcessRunner.DotnetHost, new[] { dll }, environment);

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="arguments"/> followed by <c>--urls</c> and a free loopback
    /// address: the web sample itself, or a launcher that ends its command line with it (<c>dotnet-telemetry run ... --</c>).
    /// </summary>
    public static async Task<WebApp> StartAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        int port = FreePort();
        string baseUrl = $"http://127.0.0.1:{port}";
        var process = ProcessRunner.Start(program, arguments.Concat(new[] { "--urls", baseUrl }), environment);
        var app = new WebApp(process, baseUrl);
        await app.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(60));
        return app;
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the web sample exited early with {_process.ExitCode}:\n{Output()}");
            }
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync("127.0.0.1", new Uri(BaseUrl).Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"the web sample did not answer on {BaseUrl} within {timeout}:\n{Output()}");
    }

    /// <summary>Stops the app gracefully and returns its result.</summary>
    public ProcessResult Stop(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            ProcessRunner.Signal(_process, ProcessRunner.SIGTERM);
        }
        bool exited = _process.WaitForExit(timeout ?? TimeSpan.FromSeconds(30));
        if (!exited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
        lock (_stdout)
        lock (_stderr)
        {
            return new ProcessResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString(), !exited);
        }
    }

    private string Output()
    {
        lock (_stdout)
        lock (_stderr)
        {
            return $"--- stdout ---\n{_stdout}\n--- stderr ---\n{_stderr}";
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
