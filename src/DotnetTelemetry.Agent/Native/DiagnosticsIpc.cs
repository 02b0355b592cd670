using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// The one diagnostics IPC command the agent sends, to its own process: AttachProfiler, which makes the
/// runtime load the shim as if a tool had attached it. BCL only, written from the protocol's public
/// description (dotnet/diagnostics, documentation/design-docs/ipc-protocol.md): a 20-byte header
/// ("DOTNET_IPC_V1\0", total size, command set, command id, reserved) and a little-endian payload.
/// </summary>
/// <remarks>
/// Why not Microsoft.Diagnostics.NETCore.Client: it would add an assembly (and its logging dependency) to
/// every app's start for one message, and it finds the socket by listing the temp folder; this sends the
/// message itself (about a hundred lines) to the exact socket, named from this process's start time.
/// </remarks>
internal static class DiagnosticsIpc
{
    private const int HeaderSize = 20;
    private const byte ProfilerCommandSet = 0x03;
    private const byte AttachProfilerCommand = 0x01;
    private const byte ServerCommandSet = 0xFF;
    private const byte OkResponse = 0x00;

    private static ReadOnlySpan<byte> Magic => "DOTNET_IPC_V1\0"u8;

    /// <summary>
    /// This process's diagnostics socket, <c>$TMPDIR/dotnet-diagnostic-{pid}-{start time}-socket</c> (the start time
    /// in clock ticks since boot, field 22 of /proc/self/stat, tells this process from an earlier one with the same
    /// pid). Null when there is none: diagnostics disabled, or a temp folder this process cannot see.
    /// </summary>
    public static string? FindOwnSocket()
    {
        int pid = Environment.ProcessId;
        string directory = Path.GetTempPath();
        if (StartTimeTicks() is { } ticks)
        {
            string exact = Path.Combine(directory, $"dotnet-diagnostic-{pid}-{ticks}-socket");
            if (File.Exists(exact))
            {
                return exact;
            }
        }
        // The start time could not be read: the newest socket with our pid is ours (an older one is a leftover).
        try
        {
            return new DirectoryInfo(directory).EnumerateFiles($"dotnet-diagnostic-{pid}-*-socket")
                .OrderByDescending(file => file.LastWriteTimeUtc)
                .Select(file => file.FullName)
                .FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static ulong? StartTimeTicks()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            // Fields after the command name (which may hold spaces and parentheses) start at field 3.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong ticks) ? ticks : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends AttachProfiler over <paramref name="socketPath"/> and returns the runtime's HRESULT (0 attached).
    /// Every wait (connect, send, answer) is bounded by <paramref name="timeout"/>, which is also the attach
    /// timeout the runtime is given. Throws <see cref="IOException"/> or <see cref="SocketException"/> when the
    /// exchange itself fails (no server, timeout, a malformed answer).
    /// </summary>
    public static int AttachProfiler(string socketPath, Guid profilerClsid, string profilerPath, ReadOnlySpan<byte> clientData, TimeSpan timeout)
    {
        byte[] message = AttachProfilerMessage(profilerClsid, profilerPath, clientData, (uint)timeout.TotalMilliseconds);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.SendTimeout = socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        // A local socket connects at once or fails at once (no server: ENOENT or ECONNREFUSED).
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        socket.Send(message);

        Span<byte> header = stackalloc byte[HeaderSize];
        ReadExactly(socket, header);
        if (!header[..Magic.Length].SequenceEqual(Magic) || header[16] != ServerCommandSet)
        {
            throw new IOException("the diagnostics server answered with an unknown message");
        }
        int payloadSize = BinaryPrimitives.ReadUInt16LittleEndian(header[14..]) - HeaderSize;
        Span<byte> payload = stackalloc byte[Math.Clamp(payloadSize, 0, 64)];
        ReadExactly(socket, payload);
        // OK carries the attach's status, Error the failure's HRESULT; both are a uint32 first.
        int status = payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload) : 0;
        return header[17] == OkResponse ? status : (status < 0 ? status : unchecked((int)0x80004005)); // E_FAIL without a code
    }

    /// <summary>Header, then: uint32 attach timeout (ms), CLSID (16 bytes), profiler path (uint32 length with the NUL, UTF-16 with the NUL), uint32 + client data.</summary>
    internal static byte[] AttachProfilerMessage(Guid profilerClsid, string profilerPath, ReadOnlySpan<byte> clientData, uint timeoutMs)
    {
        int pathBytes = (profilerPath.Length + 1) * 2;
        int size = HeaderSize + 4 + 16 + 4 + pathBytes + 4 + clientData.Length;
        if (size > ushort.MaxValue)
        {
            throw new ArgumentException("the profiler path and client data do not fit in one diagnostics IPC message");
        }
        var message = new byte[size];
        var span = message.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[14..], (ushort)size);
        span[16] = ProfilerCommandSet;
        span[17] = AttachProfilerCommand;
        int offset = HeaderSize; // bytes 18-19: reserved, zero
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], timeoutMs);
        offset += 4;
        profilerClsid.TryWriteBytes(span[offset..]); // the in-memory GUID layout a CLSID has
        offset += 16;
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)(profilerPath.Length + 1));
        offset += 4;
        offset += Encoding.Unicode.GetBytes(profilerPath, span[offset..]) + 2; // and the terminating NUL (already zero)
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)clientData.Length);
        offset += 4;
        clientData.CopyTo(span[offset..]);
        return message;
    }

    private static void ReadExactly(Socket socket, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            int read = socket.Receive(buffer);
            if (read == 0)
            {
                throw new IOException("the diagnostics server closed the connection without an answer");
            }
            buffer = buffer[read..];
        }
    }
}
