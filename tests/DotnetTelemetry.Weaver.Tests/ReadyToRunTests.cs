using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>A ReadyToRun input (a shared-framework assembly, compiled ahead of time) is written IL-only and still runs.</summary>
public sealed class ReadyToRunTests
{
    [Fact]
    public void ReadyToRun_input_is_woven_il_only_and_runs()
    {
        string original = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "System.Web.HttpUtility.dll");
        Assert.True(IsReadyToRun(original), "the shared framework ships ReadyToRun images");
        using var temp = new TempDirectory();
        string woven = temp.File("System.Web.HttpUtility.dll");

        var outcome = AssemblyFileWeaver.Weave(original, woven, SelectionRules.Default, allowFrameworkNames: true);

        Assert.Equal(AssemblyStatus.Woven, outcome.Status);
        Assert.False(IsReadyToRun(woven));
        var context = new IsolatedContext(temp.Path);
        try
        {
            var assembly = context.LoadFromAssemblyPath(woven);
            Assert.Equal(woven, assembly.Location);
            var encode = assembly.GetType("System.Web.HttpUtility")!.GetMethod("UrlEncode", new[] { typeof(string) })!;
            Assert.Equal("a+b%26c", encode.Invoke(null, new object[] { "a b&c" }));
            var compiled = JitCompiler.CompileAll(assembly);
            Assert.Empty(compiled.InvalidPrograms);
        }
        finally
        {
            context.Unload();
        }
    }

    private static bool IsReadyToRun(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }
}
