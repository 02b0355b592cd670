using System.Runtime.InteropServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// Reads the CPU's timestamp counter (RDTSC) through a ten-byte function the probes write into a page of
/// their own, since .NET has no intrinsic for it. Used only where it is as trustworthy as the monotonic clock
/// the runtime would read otherwise: x64 Linux whose kernel keeps time with the TSC (its clock source is
/// <c>tsc</c>, so the counters are synchronized across cores and stable) on a CPU with an invariant TSC
/// (<c>constant_tsc</c>, <c>nonstop_tsc</c>), and RDTSC allowed in user mode for this process.
/// Anything unusual (another OS or CPU, a container without /sys, a refused executable page) means no counter.
/// </summary>
internal static unsafe class TimestampCounter
{
    private const string ClockSourceFile = "/sys/devices/system/clocksource/clocksource0/current_clocksource";
    private const string CpuInfoFile = "/proc/cpuinfo";

    // rdtsc; shl rdx, 32; or rax, rdx; ret  — the 64-bit counter in rax.
    private static ReadOnlySpan<byte> ReadCounterCode => [0x0F, 0x31, 0x48, 0xC1, 0xE2, 0x20, 0x48, 0x09, 0xD0, 0xC3];

    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4;
    private const int MapPrivate = 0x02, MapAnonymous = 0x20;
    private const int PrGetTsc = 25, PrTscEnable = 1;
    private const int PageSize = 4096;

    /// <summary>
    /// A reader of the counter, or null with <paramref name="reason"/> saying why it is not used.
    /// Never throws.
    /// </summary>
    internal static delegate* unmanaged[SuppressGCTransition]<long> TryCreate(out string reason)
    {
        try
        {
            if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            {
                reason = "not x64 Linux";
                return null;
            }
            string clockSource = File.Exists(ClockSourceFile) ? File.ReadAllText(ClockSourceFile).Trim() : "";
            if (clockSource != "tsc")
            {
                reason = $"the kernel's clock source is '{clockSource}', not tsc";
                return null;
            }
            if (!HasInvariantCounter())
            {
                reason = "the CPU has no invariant TSC (constant_tsc, nonstop_tsc)";
                return null;
            }
            int state = 0;
            if (prctl(PrGetTsc, &state, 0, 0, 0) != 0 || state != PrTscEnable)
            {
                reason = "RDTSC is not allowed in user mode for this process";
                return null;
            }
            var read = WriteReader();
            if (read is null)
            {
                reason = "no executable page could be mapped";
                return null;
            }
            long first = read();
            long second = read();
            if (first <= 0 || second < first)
            {
                reason = "the counter does not advance";
                return null;
            }
            reason = "";
            return read;
        }
        catch (Exception e)
        {
            reason = $"{e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    private static bool HasInvariantCounter()
    {
        foreach (string line in File.ReadLines(CpuInfoFile))
        {
            if (line.StartsWith("flags", StringComparison.Ordinal))
            {
                var flags = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return Array.IndexOf(flags, "constant_tsc") >= 0 && Array.IndexOf(flags, "nonstop_tsc") >= 0;
            }
        }
        return false;
    }

    /// <summary>Maps a page, writes the reader into it and makes it executable (never writable and executable at once).</summary>
    private static delegate* unmanaged[SuppressGCTransition]<long> WriteReader()
    {
        nint page = mmap(0, PageSize, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (page == -1 || page == 0)
        {
            return null;
        }
        ReadCounterCode.CopyTo(new Span<byte>((void*)page, PageSize));
        if (mprotect(page, PageSize, ProtRead | ProtExec) != 0)
        {
            munmap(page, PageSize);
            return null;
        }
        return (delegate* unmanaged[SuppressGCTransition]<long>)page;
    }

    [DllImport("libc", EntryPoint = "mmap")]
    private static extern nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "mprotect")]
    private static extern int mprotect(nint address, nuint length, int protection);

    [DllImport("libc", EntryPoint = "munmap")]
    private static extern int munmap(nint address, nuint length);

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int prctl(int option, int* state, nint unused3, nint unused4, nint unused5);
}
