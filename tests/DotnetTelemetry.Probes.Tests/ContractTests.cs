using System.Reflection;
using DotnetTelemetry.Probes;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Probes.Tests;

/// <summary>The promises other components rely on: numbering shared with the schema, and a BCL-only assembly.</summary>
public sealed class ContractTests
{
    [Fact]
    public void Event_kinds_have_the_numbers_and_names_of_the_schema_event_types()
    {
        var kinds = Enum.GetValues<EventKind>();
        Assert.Equal(Enum.GetValues<EventType>().Length, kinds.Length);
        foreach (var kind in kinds)
        {
            Assert.True(Enum.IsDefined(typeof(EventType), (byte)kind), $"{kind} has no EventType");
            Assert.Equal(kind.ToString(), ((EventType)(byte)kind).ToString());
        }
    }

    [Fact]
    public void Probes_references_nothing_but_the_base_class_library()
    {
        var references = typeof(Probe).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "netstandard" or "mscorlib",
            $"Probes must stay BCL-only but references {name}"));
    }

    [Fact]
    public void The_woven_code_contract_keeps_its_signatures()
    {
        var probe = typeof(Probe);
        var scopeRef = typeof(CallScope).MakeByRefType();
        void Has(string name, Type returns, params Type[] parameters)
        {
            var method = probe.GetMethod(name, BindingFlags.Public | BindingFlags.Static, parameters);
            Assert.True(method is not null, $"Probe.{name} is missing");
            Assert.Equal(returns, method!.ReturnType);
        }
        Has(nameof(Probe.Enter), typeof(CallScope), typeof(int));
        Has(nameof(Probe.Exit), typeof(void), scopeRef);
        Has(nameof(Probe.Fault), typeof(bool), scopeRef, typeof(Exception));
        Has(nameof(Probe.AsyncStep), typeof(SpanContextToken), scopeRef, typeof(int));
        Has(nameof(Probe.AsyncStepEnd), typeof(void), typeof(SpanContextToken));
        Has(nameof(Probe.AsyncComplete), typeof(void), scopeRef);
        Has(nameof(Probe.AsyncFault), typeof(void), scopeRef, typeof(Exception));
        Has(nameof(Probe.LoopEnter), typeof(void), scopeRef, typeof(int));
        Has(nameof(Probe.LoopExit), typeof(void), scopeRef, typeof(int), typeof(long));
        Has(nameof(Probe.ConditionalEnter), typeof(void), scopeRef, typeof(int), typeof(int));
        Has(nameof(Probe.ConditionalExit), typeof(void), scopeRef, typeof(int));
        Assert.NotNull(probe.GetMethod(nameof(Probe.VariableChange)));
        Assert.True(typeof(CallScope).IsValueType && typeof(SpanContextToken).IsValueType);
        Assert.NotNull(typeof(MethodRegistry).GetMethod(nameof(MethodRegistry.RegisterModule), new[] { typeof(string) }));
        Assert.NotNull(typeof(MethodRegistry).GetMethod(nameof(MethodRegistry.Register), new[] { typeof(string), typeof(string), typeof(int) }));
    }
}
