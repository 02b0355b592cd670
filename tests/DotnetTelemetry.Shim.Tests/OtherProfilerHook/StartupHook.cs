using DotnetTelemetry.Agent.Native;

/// <summary>Attaches the profiler at DT_TEST_OTHER_PROFILER to this process, then lets the next hook run.</summary>
internal class StartupHook
{
    public static void Initialize()
    {
        string path = Environment.GetEnvironmentVariable("DT_TEST_OTHER_PROFILER") ?? throw new InvalidOperationException("DT_TEST_OTHER_PROFILER is not set");
        string socket = DiagnosticsIpc.FindOwnSocket() ?? throw new InvalidOperationException("no diagnostics socket");
        int status = DiagnosticsIpc.AttachProfiler(socket, new Guid("70BAAC33-8E8A-4A74-B541-49CC4129C97A"), path, default, TimeSpan.FromSeconds(10));
        if (status < 0)
        {
            throw new InvalidOperationException($"the other profiler did not attach (0x{status:X8})");
        }
    }
}
