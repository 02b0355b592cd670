using System.Diagnostics;

namespace OverheadHarness;

/// <summary>One way of running the web sample under load: how to start the server for a given port.</summary>
internal sealed record WebConfiguration(string Name, Func<int, Process> Start);

/// <summary>The configurations the harness compares, alternated round by round.</summary>
internal static class WebConfigurations
{
    public static List<WebConfiguration> Create(Paths paths, OtlpSinkServer sink, string wovenWebSampleDir)
    {
        string Dll(string directory) => Path.Combine(directory, "WebSample.dll");
        string[] Args(string dll, int port) => new[] { dll, "--urls", $"http://127.0.0.1:{port}" };
        string Events(string name) => Path.Combine(paths.Scratch, $"web-{name}-{Guid.NewGuid():N}.ndjson");

        var list = new List<WebConfiguration>
        {
            new("no agent", port => ChildProcess.Start("dotnet", Args(Dll(paths.WebSampleDir), port))),
            new("startup hook, runtime events only", port =>
                ChildProcess.Start("dotnet", Args(Dll(paths.WebSampleDir), port), paths.HookEnvironment(Events("hook")))),
            new("function tracing (woven ahead of time)", port =>
                ChildProcess.Start("dotnet", Args(Dll(wovenWebSampleDir), port), paths.HookEnvironment(Events("woven")))),
        };
        if (File.Exists(paths.Shim))
        {
            list.Add(new("function tracing (profiler mode)", port =>
                ChildProcess.Start("dotnet", Args(Dll(paths.WebSampleDir), port), paths.ProfilerEnvironment(Events("profiler")))));
            list.Add(new("function tracing (startup hook alone, self-attach)", port =>
                ChildProcess.Start("dotnet", Args(Dll(paths.WebSampleDir), port), paths.SelfAttachEnvironment(Events("self-attach")))));
        }
        list.Add(new("OpenTelemetry SDK (ASP.NET Core + HttpClient, OTLP)", port =>
            ChildProcess.Start("dotnet", Args(paths.OtelWebSample, port), new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{sink.Port}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            })));
        return list;
    }
}
