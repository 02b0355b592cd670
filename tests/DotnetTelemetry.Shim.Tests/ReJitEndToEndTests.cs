namespace DotnetTelemetry.Shim.Tests;

/// <summary>
/// A real .NET process with the shim as its startup profiler: the app (ReJitApp) uses the agent's
/// binding to emit references into its own live module and ReJIT one of its methods with IL made in
/// managed code, then reverts it.
/// </summary>
public class ReJitEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static ProcessRunner.Result RunFixture(IDictionary<string, string?> environment, string scenario = "raw") =>
        ProcessRunner.Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "ReJitApp.dll"), scenario }, environment, Timeout);

    private static Dictionary<string, string?> ProfilerEnvironment(bool enabled = true) => new()
    {
        ["CORECLR_ENABLE_PROFILING"] = enabled ? "1" : "0",
        ["CORECLR_PROFILER"] = ShimLocator.ProfilerClsid,
        ["CORECLR_PROFILER_PATH"] = ShimLocator.ShimPath(),
    };

    [Fact]
    public void Method_is_rejitted_with_managed_IL_and_reverted()
    {
        var result = RunFixture(ProfilerEnvironment());

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal("True", result.Value("attached"));
        Assert.Equal("Startup", result.Value("mode"));
        Assert.Equal("True", result.Value("module-found"));
        Assert.Equal("True", result.Value("module-path-matches"));
        Assert.Equal("1", result.Value("before"));

        // Each emit succeeded (S_OK, S_FALSE or META_S_DUPLICATE) and produced a token of the right table.
        AssertEmitted(result, "assembly-ref", "23");
        AssertEmitted(result, "type-ref", "01");
        AssertEmitted(result, "member-ref", "0A");
        AssertEmitted(result, "user-string", "70");
        AssertEmitted(result, "local-sig", "11");
        Assert.Equal("0x00000000", result.Value("apply-metadata"));

        Assert.Equal("0x00000000", result.Value("set-body"));
        Assert.Equal("0x00000000", result.Value("rejit"));
        // The new body ran: it printed the emitted string through the emitted MemberRef and returned its local.
        Assert.Contains("rejit-ok", result.Lines);
        Assert.Equal("42", result.Value("after"));
        Assert.Equal("BodyDelivered", result.Value("status"));

        Assert.Equal("0x00000000:0x00000000", result.Value("revert"));
        Assert.Equal("1", result.Value("reverted"));
    }

    [Fact]
    public void Load_time_weaving_pipeline_rejits_a_module_with_live_tokens()
    {
        var result = RunFixture(ProfilerEnvironment(), "weave");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal("Add,CallsGeneric,Echo,Greet,Guarded,Throws", result.Value("woven"));
        Assert.Equal("0", result.Value("failed"));
        // Every woven body runs (new MemberRef + new string), and the original code around it still
        // computes the same results: locals, try/catch/finally, a generic instantiation, old strings.
        var lines = result.Lines;
        Assert.Equal(new[] { "enter Add", "add=5", "enter Greet", "greet=hello you", "enter Guarded", "finally", "guarded0=-1",
                "enter Guarded", "finally", "guarded5=2", "enter CallsGeneric", "enter Echo", "generic=7" },
            lines.SkipWhile(line => line != "enter Add").ToArray());
    }

    [Fact]
    public void Weaver_transforms_applied_by_rejit_keep_the_code_working()
    {
        var result = RunFixture(ProfilerEnvironment(), "weave-probes");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        const string expected = "Sample.Add,Sample.CallsGeneric,Sample.Echo<T>,Sample.Greet,Sample.Guarded,Sample.Throws";
        Assert.Equal(expected, result.Value("woven"));
        Assert.Equal("0", result.Value("failed"));
        Assert.Equal(expected, result.Value("registered"));
        Assert.Equal("5", result.Value("add"));
        Assert.Equal("hello you", result.Value("greet"));
        Assert.Equal("-1", result.Value("guarded0"));
        Assert.Equal("2", result.Value("guarded5"));
        Assert.Equal("7", result.Value("generic"));
        Assert.Equal("bad argument", result.Value("throws")); // the fault filter records, never catches
        // The probes recorded one entry and one exit per call, nested, the fault carrying its exception.
        Assert.Equal(
            "FunctionEntry:Sample.Add,FunctionExit:Sample.Add,FunctionEntry:Sample.Greet,FunctionExit:Sample.Greet,"
            + "FunctionEntry:Sample.Guarded,FunctionExit:Sample.Guarded,FunctionEntry:Sample.Guarded,FunctionExit:Sample.Guarded,"
            + "FunctionEntry:Sample.CallsGeneric,FunctionEntry:Sample.Echo<T>,FunctionExit:Sample.Echo<T>,FunctionExit:Sample.CallsGeneric,"
            + "FunctionEntry:Sample.Throws,FunctionExit:Sample.Throws!",
            result.Value("events"));
    }

    [Fact]
    public void New_filters_rejit_newly_selected_methods_and_revert_the_others()
    {
        var result = RunFixture(ProfilerEnvironment(), "refilter");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal("FunctionEntry:Sample.Add,FunctionExit:Sample.Add", result.Value("first"));
        Assert.Equal("3", result.Value("add-after"));
        Assert.Equal("hello b", result.Value("greet-after"));
        Assert.Equal("FunctionEntry:Sample.Greet,FunctionExit:Sample.Greet", result.Value("second"));
    }

    [Fact]
    public void Without_the_profiler_the_api_refuses_and_the_app_is_unchanged()
    {
        var result = RunFixture(ProfilerEnvironment(enabled: false));

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal("False", result.Value("attached"));
        Assert.Equal("False", result.Value("module-found"));
        Assert.NotEqual("0x00000000", result.Value("rejit"));
        Assert.DoesNotContain("rejit-ok", result.Lines);
        Assert.Equal("1", result.Value("after"));
    }

    [Fact]
    public void Disabled_agent_switches_the_profiler_off()
    {
        var environment = ProfilerEnvironment();
        environment["DOTNET_TELEMETRY_ENABLED"] = "false";
        var result = RunFixture(environment);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal("False", result.Value("attached"));
        Assert.Equal("1", result.Value("after"));
    }

    private static void AssertEmitted(ProcessRunner.Result result, string key, string table)
    {
        string? value = result.Value(key);
        Assert.NotNull(value);
        string[] parts = value!.Split(':');
        int hr = Convert.ToInt32(parts[0], 16);
        Assert.True(hr >= 0, $"{key} failed: {value}");
        Assert.Equal(table, parts[1]);
    }
}
