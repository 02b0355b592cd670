using System.Reflection;
using System.Runtime.InteropServices;
using dnlib.DotNet;
using dnlib.PE;

namespace DotnetTelemetry.Weaver.IO;

/// <summary>
/// Keeps dnlib from throwing on its way to reading an image off Windows. The first time dnlib reads any image it
/// asks kernel32's GetSystemInfo for the CPU architecture and, off Windows, catches the DllNotFoundException that
/// the call throws. Caught or not, that exception is a first-chance exception of the process it runs in: in
/// profiler mode that is the app, whose own <c>AppDomain.FirstChanceException</c> handlers see it. dnlib keeps the
/// answer in a static field and only asks when the field is empty, so filling it first (with the answer dnlib
/// itself falls back to, from RuntimeInformation) means the question is never asked.
/// </summary>
public static class DnlibPlatform
{
    private const string ArchitectureHolder = "dnlib.PE.ProcessorArchUtils";
    private const string ArchitectureField = "cachedMachine";

    private static int s_done;

    /// <summary>
    /// Gives dnlib the process's CPU architecture before it asks for it. Call before the first dnlib read; cheap
    /// and idempotent. Returns false when this dnlib keeps the answer elsewhere (another version): it then asks as before.
    /// </summary>
    public static bool AnswerCpuArchitecture()
    {
        if (OperatingSystem.IsWindows())
        {
            return true; // kernel32 is there: asking throws nothing
        }
        if (Interlocked.Exchange(ref s_done, 1) != 0)
        {
            return CachedArchitecture() is not null and not 0;
        }
        var field = FindField();
        if (field is null)
        {
            return false;
        }
        if ((Machine)field.GetValue(null)! == 0)
        {
            field.SetValue(null, ProcessMachine());
        }
        return true;
    }

    /// <summary>What dnlib holds as the process's architecture (0 before it asked); null when the field is not there.</summary>
    public static Machine? CachedArchitecture() => FindField()?.GetValue(null) is Machine machine ? machine : null;

    /// <summary>The answer dnlib would reach itself: RuntimeInformation, else x86/x64 by pointer size.</summary>
    public static Machine ProcessMachine() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X86 => Machine.I386,
        Architecture.X64 => Machine.AMD64,
        Architecture.Arm => Machine.ARMNT,
        Architecture.Arm64 => Machine.ARM64,
        _ => IntPtr.Size == 4 ? Machine.I386 : Machine.AMD64,
    };

    private static FieldInfo? FindField()
    {
        var field = typeof(ModuleDefMD).Assembly.GetType(ArchitectureHolder, throwOnError: false)
            ?.GetField(ArchitectureField, BindingFlags.NonPublic | BindingFlags.Static);
        return field?.FieldType == typeof(Machine) ? field : null;
    }
}
