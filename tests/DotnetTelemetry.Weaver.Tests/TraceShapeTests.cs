using System.Reflection;
using DotnetTelemetry.Probes;
using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;
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
/// async spans cover the whole operation and are the parents of calls made after their awaits. Each shape
/// holds for ahead-of-time weaving and for the load-time transform (profiler, attach) alike.
/// </summary>
[Collection(ProbesCollection.Name)]
public sealed class TraceShapeTests(ITestOutputHelper output)
{
    private sealed record Span(ulong Id, ulong Parent, string Name, long Start, long End, object? Error, int Entries, int Exits);

    [Theory]
    [InlineData("WeaverTargets")]
    [InlineData("WeaverTargetsDebug")]
    [InlineData("load-time")]
    public void Every_scenario_gives_whole_well_nested_spans(string name)
    {
        IWovenCopy target = name == "load-time" ? WovenTargets.LoadTime : WovenTargets.Named(name);
        var spans = Record(assembly => Invoke(assembly, "WeaverTargets.Scenarios", "RunAll"), target);
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

    [Theory]
    [InlineData("ahead")]
    [InlineData("load-time")]
    public void Exceptions_are_reported_on_the_exit_of_each_frame_they_leave(string weaving)
    {
        var spans = Record(assembly => Invoke(assembly, "WeaverTargets.Exceptions", "CatchAndReturn"), WovenTargets.Weaving(weaving));
        var outer = Assert.Single(spans, s => s.Name == "WeaverTargets.Exceptions.CatchAndReturn");
        var thrower = Assert.Single(spans, s => s.Name == "WeaverTargets.Exceptions.ThrowOnly");
        Assert.Equal(outer.Id, thrower.Parent);
        Assert.IsType<InvalidOperationException>(thrower.Error);
        Assert.Null(outer.Error); // caught inside: the outer call ended normally
    }

    [Theory]
    [InlineData("ahead")]
    [InlineData("load-time")]
    public void Async_span_covers_the_awaited_time_and_parents_calls_after_awaits(string weaving)
    {
        var spans = Record(assembly =>
        {
            ((Task)Invoke(assembly, "WeaverTargets.Async", "DelayAsync")!).GetAwaiter().GetResult();
            ((Task<int>)Invoke(assembly, "WeaverTargets.Async", "LambdaAsync")!).GetAwaiter().GetResult();
            var source = Invoke(assembly, "WeaverTargets.Async", "CountAsync", 3);
            ((Task<string>)Invoke(assembly, "WeaverTargets.Async", "CollectAsync", source)!).GetAwaiter().GetResult();
            try { ((Task<int>)Invoke(assembly, "WeaverTargets.Async", "ThrowAfterAwaitAsync")!).GetAwaiter().GetResult(); }
            catch (InvalidOperationException) { }
        }, WovenTargets.Weaving(weaving));
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

    [Theory]
    [InlineData("ahead")]
    [InlineData("load-time")]
    public void Code_an_async_completion_runs_inline_is_not_the_async_methods_child(string weaving)
    {
        // Like a server's connection loop resumed inline by an endpoint's completion, which goes on to the next request.
        var spans = Record(assembly =>
        {
            var task = (Task)Invoke(assembly, "WeaverTargets.Async", "DelayAsync")!;
            task.ContinueWith(_ => Invoke(assembly, "WeaverTargets.Basics", "Add", 1, 2), TaskContinuationOptions.ExecuteSynchronously)
                .GetAwaiter().GetResult();
        }, WovenTargets.Weaving(weaving));
        Assert.Single(spans, s => s.Name == "WeaverTargets.Async.DelayAsync");
        Assert.Equal(0UL, Assert.Single(spans, s => s.Name == "WeaverTargets.Basics.Add").Parent);
    }

    [Theory]
    [InlineData("ahead")]
    [InlineData("load-time")]
    public void Custom_and_pooling_builders_and_cancellation_give_whole_spans(string weaving)
    {
        var spans = Record(assembly => Invoke(assembly, "WeaverTargets.CustomBuilders", "RunAll"), WovenTargets.Weaving(weaving));
        var delays = spans.Where(s => s.Name == "WeaverTargets.CustomBuilders.DelayPlainAsync").ToList();
        Assert.Equal(2, delays.Count);
        Assert.All(delays, d => Assert.True(ProbeClock.ToNanoseconds(d.End - d.Start) >= 500_000, "DelayPlainAsync awaits Task.Delay(>= 1)"));
        Assert.IsType<FormatException>(Assert.Single(spans, s => s.Name == "WeaverTargets.CustomBuilders.ThrowPlainAsync").Error);
        Assert.IsType<TaskCanceledException>(Assert.Single(spans, s => s.Name == "WeaverTargets.CustomBuilders.CancelledAsync").Error);
        Assert.Null(Assert.Single(spans, s => s.Name == "WeaverTargets.CustomBuilders.PooledAsync").Error);

        // The custom builder does not restore the caller's context after its first step: the caller's later steps
        // must still find their own span (the Add after the await nests under AfterPlainAsync, not elsewhere).
        var after = Assert.Single(spans, s => s.Name == "WeaverTargets.CustomBuilders.AfterPlainAsync");
        Assert.Contains(delays, d => d.Parent == after.Id);
        Assert.Equal(after.Id, Assert.Single(spans, s => s.Name == "WeaverTargets.Basics.Add").Parent);
        var runAll = Assert.Single(spans, s => s.Name == "WeaverTargets.CustomBuilders.RunAll");
        Assert.All(spans.Where(s => s.Id != runAll.Id), s => Assert.NotEqual(0UL, s.Parent));
    }

    [Theory]
    [InlineData("ahead")]
    [InlineData("load-time")]
    public void Iterator_span_is_one_enumeration_ended_by_exhaustion_or_early_dispose(string weaving)
    {
        var spans = Record(assembly =>
        {
            var evens = Invoke(assembly, "WeaverTargets.Iterators", "Evens", 4);
            Invoke(assembly, "WeaverTargets.Iterators", "FirstOver", evens, 1);   // stops early: Dispose ends the span
            Invoke(assembly, "WeaverTargets.Iterators", "WithFinally");
        }, WovenTargets.Weaving(weaving));
        Assert.Single(spans, s => s.Name == "WeaverTargets.Iterators.Evens");
        Assert.Single(spans, s => s.Name == "WeaverTargets.Iterators.Guarded");
    }

    private List<Span> Record(Action<Assembly> run, IWovenCopy? target = null)
    {
        target ??= WovenTargets.Release;
        var context = new IsolatedContext(target.Directory);
        try
        {
            var assembly = context.LoadFromAssemblyPath(target.WovenPath);
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

/// <summary>
/// The ConsoleSample, woven by the same code as `instrument`, run for real (its entry point, in a load context of
/// its own, with the probes recording): the trace has the shape the sample's code implies.
/// </summary>
[Collection(ProbesCollection.Name)]
public sealed class ConsoleSampleTraceTests(ITestOutputHelper output)
{
    [Fact]
    public void Woven_console_sample_trace_is_well_formed()
    {
        using var app = new TempDirectory("weaver-sample");
        AppWeaver.CopyTree(ConsoleSample.Directory, app.Path);
        Assert.Equal(1, AppWeaver.WeaveFolderInPlace(app.Path, SelectionRules.Default, keepBackups: false).AssembliesWoven);

        var context = new IsolatedContext(app.Path);
        var records = new List<(EventRecord Record, object? Payload)>();
        var console = Console.Out;
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.Combine(app.Path, "ConsoleSample.dll"));
            ProbeRuntime.Configure(new ProbeConfiguration { Enabled = true, Sampler = SamplerKind.AlwaysOn });
            var ring = ProbeRuntime.Ring;
            while (ring.TryRead(out _, out _)) { }
            var stdout = new StringWriter();
            Console.SetOut(stdout);
            try
            {
                var result = assembly.EntryPoint!.Invoke(null, new object[] { Array.Empty<string>() });
                if (result is Task task) task.GetAwaiter().GetResult();
            }
            finally
            {
                Console.SetOut(console);
                ProbeRuntime.Disable();
            }
            Assert.Contains("ConsoleSample done", stdout.ToString());
            Thread.Sleep(100);
            while (ring.TryRead(out var record, out var payload)) records.Add((record, payload));
        }
        finally
        {
            context.Unload();
        }

        var entries = records.Where(r => r.Record.Kind == EventKind.FunctionEntry).ToDictionary(r => r.Record.SpanId, r => r.Record);
        var exits = records.Where(r => r.Record.Kind == EventKind.FunctionExit).ToDictionary(r => r.Record.SpanId, r => r);
        string Name(int id) => MethodRegistry.Get(id).FunctionName;
        output.WriteLine($"{entries.Count} entries: " + string.Join(", ", entries.Values.Select(e => Name(e.MethodId)).Distinct()));

        Assert.Equal(entries.Keys.Order(), exits.Keys.Order());          // each exit matches an entry, and the reverse
        foreach (var entry in entries.Values)
        {
            Assert.True(entry.ParentSpanId == 0 || entries.ContainsKey(entry.ParentSpanId), $"{Name(entry.MethodId)}: missing parent");
            var exit = exits[entry.SpanId].Record;
            Assert.Equal(exit.Timestamp - entry.Timestamp, exit.Duration);
        }
        long Duration(string name) => exits.Values.Where(e => Name(e.Record.MethodId) == name).Max(e => e.Record.Duration);
        var main = entries.Values.Single(e => Name(e.MethodId) == "Program.Main");
        var processAll = entries.Values.Single(e => Name(e.MethodId) == "ConsoleSample.OrderService.ProcessAllAsync");
        var process = entries.Values.Where(e => Name(e.MethodId) == "ConsoleSample.OrderService.ProcessAsync").ToList();
        Assert.Equal(3, process.Count);
        Assert.All(process, p => Assert.Equal(processAll.SpanId, p.ParentSpanId));
        Assert.Equal(main.SpanId, processAll.ParentSpanId);
        // ProcessAsync(3) awaits Task.Delay(30): the async spans include the awaited time.
        Assert.True(ProbeClock.ToNanoseconds(Duration("ConsoleSample.OrderService.ProcessAllAsync")) >= 25_000_000);
        Assert.True(Duration("ConsoleSample.OrderService.ProcessAllAsync") >= Duration("ConsoleSample.OrderService.ProcessAsync"));
        // Price is called after the await, inside ProcessAsync's span.
        Assert.All(entries.Values.Where(e => Name(e.MethodId) == "ConsoleSample.OrderService.Price"),
            price => Assert.Contains(process, p => p.SpanId == price.ParentSpanId));
        // Fibonacci's recursion nests: every call but the first has a Fibonacci parent.
        var fib = entries.Values.Where(e => Name(e.MethodId) == "ConsoleSample.MathOps.Fibonacci").ToList();
        Assert.Equal(177, fib.Count); // calls made by fib(10)
        Assert.Equal(176, fib.Count(f => entries.TryGetValue(f.ParentSpanId, out var parent) && Name(parent.MethodId) == "ConsoleSample.MathOps.Fibonacci"));
        // The exceptions the sample throws are on the exits of the methods they left.
        Assert.IsType<ArgumentOutOfRangeException>(exits.Values.Single(e => Name(e.Record.MethodId) == "ConsoleSample.OrderService.Validate").Payload);
        Assert.IsType<InvalidOperationException>(exits.Values.Single(e => Name(e.Record.MethodId) == "ConsoleSample.OrderService.FailLaterAsync").Payload);
        Assert.Equal(0, ProbeRuntime.Ring.Dropped);
    }
}
