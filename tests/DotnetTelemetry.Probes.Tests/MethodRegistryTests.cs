using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Probes.Tests;

public sealed class MethodRegistryTests
{
    [Fact]
    public void A_module_table_gets_consecutive_ids_from_its_base()
    {
        int first = MethodRegistry.RegisterModule("App.Program.Main\t/src/Program.cs\t10\nApp.Program.Helper\t\t0");
        Assert.True(first > 0);
        var main = MethodRegistry.Get(first);
        Assert.Equal("App.Program.Main", main.FunctionName);
        Assert.Equal("/src/Program.cs", main.File);
        Assert.Equal(10, main.Line);
        var helper = MethodRegistry.Get(first + 1);
        Assert.Equal("App.Program.Helper", helper.FunctionName);
        Assert.Null(helper.File);
        Assert.Equal(0, helper.Line);
    }

    [Fact]
    public void Unknown_ids_give_the_placeholder_never_an_exception()
    {
        Assert.Same(MethodInfoEntry.Unknown, MethodRegistry.Get(0));
        Assert.Same(MethodInfoEntry.Unknown, MethodRegistry.Get(-5));
        Assert.Same(MethodInfoEntry.Unknown, MethodRegistry.Get(int.MaxValue));
    }

    [Fact]
    public void Single_registration_escapes_separators_and_concurrent_registrations_get_distinct_ids()
    {
        int id = MethodRegistry.Register("Name\twith\ttabs", "file\nname.cs", 7);
        Assert.Equal("Name with tabs", MethodRegistry.Get(id).FunctionName);
        Assert.Equal("file name.cs", MethodRegistry.Get(id).File);

        var ids = new int[2000];
        Parallel.For(0, ids.Length, i => ids[i] = MethodRegistry.Register($"M{i}", null, i));
        Assert.Equal(ids.Length, ids.Distinct().Count());
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.Equal($"M{i}", MethodRegistry.Get(ids[i]).FunctionName);
            Assert.Equal(i, MethodRegistry.Get(ids[i]).Line);
        }
    }
}
