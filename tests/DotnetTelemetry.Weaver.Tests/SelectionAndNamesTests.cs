using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Weaver.Tests;

public sealed class SelectionRulesTests
{
    [Fact]
    public void Default_selects_every_method_of_own_assemblies_only()
    {
        var rules = SelectionRules.Default;
        Assert.True(rules.IsSelected("MyApp", "MyApp.Orders.Price"));
        Assert.True(rules.MayWeaveAssembly("MyApp", isOwnAssembly: true));
        Assert.False(rules.MayWeaveAssembly("Newtonsoft.Json", isOwnAssembly: false));
    }

    [Fact]
    public void Includes_excludes_and_assembly_patterns()
    {
        var rules = SelectionRules.Parse("MyApp.*;!MyApp.Generated.*;[Lib*]Lib.Core", "MyApp.Orders.Secret");
        Assert.True(rules.IsSelected("MyApp", "MyApp.Orders.Price"));
        Assert.False(rules.IsSelected("MyApp", "MyApp.Generated.Code.Run"));
        Assert.False(rules.IsSelected("MyApp", "MyApp.Orders.Secret"));
        Assert.True(rules.IsSelected("LibA", "Lib.Core.Parse"));   // a pattern selects everything below it
        Assert.False(rules.IsSelected("Other", "Lib.Core.Parse")); // ... but only in matching assemblies
        Assert.False(rules.IsSelected("MyApp", "Other.Type.Method"));
        Assert.True(rules.MayWeaveAssembly("LibA", isOwnAssembly: false));
    }

    [Fact]
    public void Assembly_only_exclusion_skips_the_whole_assembly()
    {
        var rules = SelectionRules.Parse(null, "[MyApp.Tests]");
        Assert.False(rules.MayWeaveAssembly("MyApp.Tests", isOwnAssembly: true));
        Assert.True(rules.MayWeaveAssembly("MyApp", isOwnAssembly: true));
    }

    [Fact]
    public void Framework_and_our_assemblies_are_never_woven()
    {
        Assert.True(AssemblyKinds.NeverWoven("System.Private.CoreLib"));
        Assert.True(AssemblyKinds.NeverWoven("System.Text.Json"));
        Assert.True(AssemblyKinds.NeverWoven("DotnetTelemetry.Probes"));
        Assert.False(AssemblyKinds.NeverWoven("Newtonsoft.Json"));
    }

    [Fact]
    public void Unclosed_assembly_pattern_is_a_clear_error()
        => Assert.Contains("missing ']'", Assert.Throws<FormatException>(() => SelectionRules.Parse("[MyApp", null)).Message);
}

/// <summary>function_name of the woven WeaverTargets methods, as recorded in the module's method table.</summary>
public sealed class FunctionNameTests
{
    [Theory]
    [InlineData("WeaverTargets.Basics.Add")]
    [InlineData("WeaverTargets.Basics..ctor")]
    [InlineData("WeaverTargets.Generics.Pick<T>")]
    [InlineData("WeaverTargets.Generics.Holder<T>.Pair<TOther>")]
    [InlineData("WeaverTargets.Generics.Holder<T>.Inner<U>.Describe")]
    [InlineData("WeaverTargets.Closures.Apply.<lambda>")]
    [InlineData("WeaverTargets.Closures.Local.Twice")]
    [InlineData("WeaverTargets.Async.SumAsync")]
    [InlineData("WeaverTargets.Async.Box<T>.MapAsync<TResult>")]
    [InlineData("WeaverTargets.Async.LambdaAsync.<lambda>")]
    [InlineData("WeaverTargets.Async.CountAsync")]
    [InlineData("WeaverTargets.Iterators.Evens")]
    public void Woven_method_has_its_source_name(string functionName)
        => Assert.Contains(WovenTargets.Outcome.Methods, m => m.Woven && m.FunctionName == functionName);

    [Fact]
    public void No_woven_name_shows_compiler_plumbing()
        => Assert.DoesNotContain(WovenTargets.Outcome.Methods, m => m.Woven && (m.FunctionName.Contains("MoveNext") || m.FunctionName.Contains("d__") || m.FunctionName.Contains("<>")));

    [Theory]
    [InlineData("WeaverTargets.Native.GetPid", SkipReasons.NoBody)]
    [InlineData("WeaverTargets.BigMethod.Sum", SkipReasons.TooLarge)]
    [InlineData("WeaverTargets.Properties.get_Name", SkipReasons.CompilerGenerated)]
    [InlineData("WeaverTargets.Async.SumAsync", SkipReasons.StateMachineKickoff)]
    public void Skipped_methods_say_why(string functionName, string reason)
        => Assert.Contains(WovenTargets.Outcome.Methods, m => m.FunctionName == functionName && m.SkipReason == reason);
}
