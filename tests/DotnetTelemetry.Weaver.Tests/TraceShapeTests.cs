using System.Reflection;
using DotnetTelemetry.Probes;
using Xunit.Abstractions;

namespace DotnetTelemetry.Weaver.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProbesCollection
{
    /// <summary>The probes are process-wide: tests that enable them run alone.</summary>
    public const string Name = "probes enabled";
}

/// <summary>
/// The woven WeaverTargets with the probes recording: every call gives an entry/exit pair, parents exist,
/// async spans cover the whole operation and are the parents of calls made after their awaits.
/// </summary>
[Collection(ProbesCollection.Name)]
public sealed class TraceShapeTests(ITestOutputHelper output)
{
    private sealed record Span(ulong Id, ulong Parent, string Name, long Start, long End, object? Error, int Entries, int Exits);

    [Fact]
    public void Every_scenario_gives_whole_well_nested_spans()
    {
        var spans = Record(assembly => Invoke(assembly, "WeaverTargets.Scenarios", "RunAll"));
        Assert.True(spans.Count > 100, $"only {spans.Count} spans");
        var ids = spans.ToDictionary(s => s.Id);
        foreach (var span in spans)
        {
            Assert.True(span.Entries == 1 && span.Exits == 1, $"{span.Name}: {span.Entries} entries, {span.Exits} exits");
            Assert.True(span.Parent == 0 || ids.ContainsKey(span.Parent), $"{span.Name}: parent {span.Parent:x} was never recorded");
            Assert.True(span.End >= span.Start, span.Name);
        }
        // A parent lasts at least as long as its sequential (non-overlapping) children together.
        foreach (var parent in spans)
        {
            var children = spans.Where(c => c.Parent == parent.Id).OrderBy(c => c.Start).ToList();
            bool sequential = children.Zip(children.Skip(1)).All(p => p.Second.Start >= p.First.End);
            if (children.Count > 0 && sequential)
            {
                Assert.True(children.Sum(c => c.End - c.Start) <= parent.End - parent.Start, $"{parent.Name} is shorter than its children");
            }
        }
    }

    [Fact]
    public void Exceptions_are_reported_on_the_exit_of_each_frame_they_leave()
    {
        var spans = Record(assembly => Invoke(assembly, "WeaverTargets.Exceptions", "CatchAndReturn"));
        var outer = Assert.Single(spans, s => s.Name == "WeaverTargets.Exceptions.CatchAndReturn");
        var thrower = Assert.Single(spans, s => s.Name == "WeaverTargets.Exceptions.ThrowOnly");
        Assert.Equal(outer.Id, thrower.Parent);
        Assert.IsType<InvalidOperationException>(thrower.Error);
        Assert.Null(outer.Error); // caught inside: the outer call ended normally
    }

    [Fact]
    public void Async_span_covers_the_awaited_time_and_parents_calls_after_awaits()
    {
        var spans = Record(assembly =>
        {
            ((Task)Invoke(assembly, "WeaverTargets.Async", "DelayAsync")!).GetAwaiter().GetResult();
            ((Task<int>)Invoke(assembly, "WeaverTargets.Async", "LambdaAsync")!).GetAwaiter().GetResult();
            var source = Invoke(assembly, "WeaverTargets.Async", "CountAsync", 3);
            ((Task<string>)Invoke(assembly, "WeaverTargets.Async", "CollectAsync", source)!).GetAwaiter().GetResult();
            try { ((Task<int>)Invoke(assembly, "WeaverTargets.Async", "ThrowAfterAwaitAsync")!).GetAwaiter().GetResult(); }
            catch (InvalidOperationException) { }
        });
        var delay = Assert.Single(spans, s => s.Name == "WeaverTargets.Async.DelayAsync");
        Assert.True(ProbeClock.ToNanoseconds(delay.End - delay.Start) >= 4_000_000, "DelayAsync awaits Task.Delay(5)");

        var lambdaAsync = Assert.Single(spans, s => s.Name == "WeaverTargets.Async.LambdaAsync");
        var lambda = Assert.Single(spans, s => s.Name == "WeaverTargets.Async.LambdaAsync.<lambda>");
        Assert.Equal(lambdaAsync.Id, lambda.Parent);
        Assert.True(lambda.End <= lambdaAsync.End);

        var collect = Assert.Single(spans, s => s.Name == "WeaverTargets.Async.CollectAsync");
        var count = Assert.Single(spans, s => s.Name == "WeaverTargets.Async.CountAsync"); // one span per enumeration
        Assert.Equal(collect.Id, count.Parent);

        var thrower = Assert.Single(spans, s => s.Name == "WeaverTargets.Async.ThrowAfterAwaitAsync");
        Assert.IsType<InvalidOperationException>(thrower.Error);
    }

    [Fact]
    public void Iterator_span_is_one_enumeration_ended_by_exhaustion_or_early_dispose()
    {
        var spans = Record(assembly =>
        {
            var evens = Invoke(assembly, "WeaverTargets.Iterators", "Evens", 4);
            Invoke(assembly, "WeaverTargets.Iterators", "FirstOver", evens, 1);   // stops early: Dispose ends the span
            Invoke(assembly, "WeaverTargets.Iterators", "WithFinally");
        });
        Assert.Single(spans, s => s.Name == "WeaverTargets.Iterators.Evens");
        Assert.Single(spans, s => s.Name == "WeaverTargets.Iterators.Guarded");
    }

    private List<Span> Record(Action<Assembly> run)
    {
        var context = new IsolatedContext(WovenTargets.Directory);
        try
        {
            var assembly = context.LoadFromAssemblyPath(WovenTargets.WovenPath);
            ProbeRuntime.Configure(new ProbeConfiguration { Enabled = true, Sampler = SamplerKind.AlwaysOn });
            var ring = ProbeRuntime.Ring;
            while (ring.TryRead(out _, out _)) { }
            try
            {
                run(assembly);
            }
            finally
            {
                ProbeRuntime.Disable();
            }
            Thread.Sleep(50); // async void and thread-pool continuations finish their exits
            var spans = new Dictionary<ulong, Span>();
            while (ring.TryRead(out var record, out var payload))
            {
                if (record.Kind is not (EventKind.FunctionEntry or EventKind.FunctionExit)) continue;
                string name = MethodRegistry.Get(record.MethodId).FunctionName;
                spans.TryGetValue(record.SpanId, out var span);
                span ??= new Span(record.SpanId, record.ParentSpanId, name, 0, 0, null, 0, 0);
                span = record.Kind == EventKind.FunctionEntry
                    ? span with { Start = record.Timestamp, Entries = span.Entries + 1, Parent = record.ParentSpanId }
                    : span with { End = record.Timestamp, Error = payload, Exits = span.Exits + 1 };
                spans[record.SpanId] = span;
            }
            Assert.Equal(0, ring.Dropped);
            output.WriteLine($"{spans.Count} spans: " + string.Join(", ", spans.Values.Select(s => s.Name).Distinct().Take(40)));
            return spans.Values.ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    private static object? Invoke(Assembly assembly, string type, string method, params object?[] arguments)
    {
        var target = assembly.GetType(type)!.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .First(m => m.Name == method && m.GetParameters().Length == arguments.Length);
        return target.Invoke(null, arguments);
    }
}
