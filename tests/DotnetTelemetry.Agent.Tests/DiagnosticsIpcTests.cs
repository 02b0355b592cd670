using System.Buffers.Binary;
using System.Text;
using DotnetTelemetry.Agent.Native;

namespace DotnetTelemetry.Agent.Tests;

/// <summary>
/// The AttachProfiler message the agent sends its own runtime, byte by byte as the diagnostics IPC protocol lays it
/// out, and the self-attach's refusals that need no runtime. (That a real runtime accepts the message is shown end
/// to end by HookWeavingTests.)
/// </summary>
public class DiagnosticsIpcTests
{
    private static readonly Guid Clsid = new("70BAAC33-8E8A-4A74-B541-49CC4129C97A");

    [Fact]
    public void The_attach_message_is_header_timeout_clsid_path_and_client_data()
    {
        byte[] message = DiagnosticsIpc.AttachProfilerMessage(Clsid, "/x/shim.so", "k=v"u8, 5000);
        var span = message.AsSpan();

        Assert.Equal("DOTNET_IPC_V1\0", Encoding.ASCII.GetString(message, 0, 14));
        Assert.Equal(message.Length, BinaryPrimitives.ReadUInt16LittleEndian(span[14..]));
        Assert.Equal(0x03, message[16]); // command set: profiler
        Assert.Equal(0x01, message[17]); // command: AttachProfiler
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(span[18..]));
        Assert.Equal(5000u, BinaryPrimitives.ReadUInt32LittleEndian(span[20..]));
        Assert.Equal(Clsid, new Guid(span.Slice(24, 16)));
        Assert.Equal(11u, BinaryPrimitives.ReadUInt32LittleEndian(span[40..])); // characters, the NUL included
        Assert.Equal("/x/shim.so\0", Encoding.Unicode.GetString(message, 44, 22));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(span[66..]));
        Assert.Equal("k=v", Encoding.UTF8.GetString(message, 70, 3));
        Assert.Equal(73, message.Length);
    }

    [Fact]
    public void A_message_too_big_for_the_protocol_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DiagnosticsIpc.AttachProfilerMessage(Clsid, new string('a', 40000), default, 1));
    }

    [Fact]
    public void This_process_has_a_diagnostics_socket()
    {
        string? socket = DiagnosticsIpc.FindOwnSocket();
        Assert.NotNull(socket);
        Assert.StartsWith($"dotnet-diagnostic-{Environment.ProcessId}-", Path.GetFileName(socket));
        Assert.True(File.Exists(socket));
    }

    [Theory]
    [InlineData("DOTNET_EnableDiagnostics", "DOTNET_EnableDiagnostics=0 (no diagnostics IPC")]
    [InlineData("COMPlus_EnableDiagnostics_IPC", "DOTNET_EnableDiagnostics_IPC=0 (no diagnostics IPC")]
    [InlineData("DOTNET_EnableDiagnostics_Profiler", "DOTNET_EnableDiagnostics_Profiler=0 (profilers are switched off)")]
    public void Switched_off_diagnostics_are_named(string variable, string reason)
    {
        string shim = typeof(DiagnosticsIpcTests).Assembly.Location; // any existing file
        Assert.StartsWith(reason, SelfAttach.WhyNot(shim, name => name == variable ? "0" : null));
        Assert.Null(SelfAttach.WhyNot(shim, name => name == variable ? "1" : null));
        Assert.StartsWith("the profiler shim is not in the agent home", SelfAttach.WhyNot("/nonexistent/shim.so", _ => null));
    }
}
