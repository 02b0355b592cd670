using DotnetTelemetry.Weaver.IO;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>
/// dnlib keeps the CPU architecture where <see cref="DnlibPlatform"/> expects it: a dnlib upgrade that moves it
/// fails here, before profiler mode starts throwing its kernel32 probe into apps again.
/// </summary>
public class DnlibPlatformTests
{
    [Fact]
    public void Dnlib_holds_the_process_architecture_after_it_is_answered()
    {
        Assert.True(DnlibPlatform.AnswerCpuArchitecture());

        Assert.Equal(DnlibPlatform.ProcessMachine(), DnlibPlatform.CachedArchitecture());
    }
}
