// Blocking waits on purpose: these tests are synchronous, so the woven continuations run on the thread pool
// and never need the test's thread (and the test must not hold an async context of its own over the probes).
#pragma warning disable xUnit1031
using System.Reflection;
using System.Runtime.Loader;
using DotnetTelemetry.Probes;
using DotnetTelemetry.Weaver;
using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;
using static DotnetTelemetry.Probes.Tests.ProbeTestSupport;

namespace DotnetTelemetry.Probes.Tests;

/// <summary>
/// The weaver's real output (WeaverTargets.dll woven by DotnetTelemetry.Weaver) running against these probes:
/// spans nest, recursion shows as a chain, and async spans end when the Task completes, not at the first await.
/// </summary>
[Collection(ProbeStateCollection.Name)]
public sealed class WovenCodeTests : IDisposable
{
    private static readonly Lazy<Assembly> Woven = new(WeaveTargets);

    public WovenCodeTests() => Configure(SamplerKind.AlwaysOn);

    public void Dispose()
    {
        ClearThread();
        ProbeRuntime.Disable();
    }

    private static Assembly WeaveTargets()
    {
        string original = Path.Combine(AppContext.BaseDirectory, "WeaverTargets.dll");
        string directory = Path.Combine(Path.GetTempPath(), $"probes-woven-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(directory);
        var outcome = AssemblyFileWeaver.Weave(original, Path.Combine(directory, "WeaverTargets.dll"), SelectionRules.Default);
        Assert.True(outcome.Status == AssemblyStatus.Woven, $"weaving failed: {outcome.Status} {outcome.Message}");
        return new WovenContext(directory).LoadFromAssemblyPath(Path.Combine(directory, "WeaverTargets.dll"));
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Loads the woven copy on its own; DotnetTelemetry.* (the probes) and the BCL come from the default context.</summary>
    private sealed class WovenContext(string directory) : AssemblyLoadContext($"woven:{directory}", isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is null || name.Name.StartsWith("DotnetTelemetry.", StringComparison.Ordinal)) return null;
            string path = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    private static object? Call(string type, string method, params object[] arguments)
    {
        var target = Woven.Value.GetType("WeaverTargets." + type, throwOnError: true)!
            .GetMethod(method, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"WeaverTargets.{type}.{method} not found");
        try
        {
            return target.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private static string NameOf(in EventRecord record) => MethodRegistry.Get(record.MethodId).FunctionName;

    [Fact]
    public void Recursion_records_a_chain_of_nested_spans_named_after_the_method()
    {
        Woven.Value.GetType("WeaverTargets.Basics"); // weave and load outside the measured part
        Drain();
        Assert.Equal(24L, Call("Basics", "Factorial", 4));

        var events = Drain().Where(e => NameOf(e.Record).Contains("Factorial")).Select(e => e.Record).ToList();
        Assert.Equal(8, events.Count);
        var entries = events.Take(4).ToList();
        var exits = events.Skip(4).ToList();
        Assert.All(entries, e => Assert.Equal(EventKind.FunctionEntry, e.Kind));
        Assert.All(exits, e => Assert.Equal(EventKind.FunctionExit, e.Kind));
        for (int i = 1; i < 4; i++) Assert.Equal(entries[i - 1].SpanId, entries[i].ParentSpanId);
        Assert.Equal(entries.Select(e => e.SpanId).Reverse(), exits.Select(e => e.SpanId));
        Assert.Single(events.Select(e => (e.TraceIdHigh, e.TraceIdLow)).Distinct());
        Assert.False(Current.IsValid);
    }

    [Fact]
    public void An_async_span_ends_when_its_task_completes_and_carries_the_exception()
    {
        Woven.Value.GetType("WeaverTargets.Async");
        Drain();
        var caller = Probe.Enter(0);
        var delay = (Task)Call("Async", "DelayAsync")!;          // awaits Task.Delay(5)
        var failing = (Task<int>)Call("Async", "ThrowAfterAwaitAsync")!;
        Probe.Exit(ref caller);
        delay.Wait();
        var error = Assert.Throws<AggregateException>(() => failing.Wait()).InnerException;
        Assert.IsType<InvalidOperationException>(error);

        var events = Drain();
        var delayEvents = events.Where(e => NameOf(e.Record).Contains("DelayAsync")).ToList();
        Assert.Equal(new[] { EventKind.FunctionEntry, EventKind.FunctionExit }, delayEvents.Select(e => e.Record.Kind));
        Assert.Equal(caller.SpanId, delayEvents[0].Record.ParentSpanId);
        Assert.True(ProbeClock.ToNanoseconds(delayEvents[1].Record.Duration) >= 4_000_000,
            "the span must cover the awaited delay, not end at the first await");

        var failEvents = events.Where(e => NameOf(e.Record).Contains("ThrowAfterAwaitAsync")).ToList();
        Assert.Equal(new[] { EventKind.FunctionEntry, EventKind.FunctionExit }, failEvents.Select(e => e.Record.Kind));
        Assert.Same(error, failEvents[1].Payload);
        Assert.Equal(caller.SpanId, failEvents[0].Record.ParentSpanId);
        Assert.False(Current.IsValid);
    }

    [Fact]
    public void Woven_calls_made_after_an_await_nest_under_the_async_span_on_the_continuation_thread()
    {
        // Box<int>.MapAsync(map) awaits Task.Yield, then calls map on a pool thread; map is the woven Factorial.
        var assembly = Woven.Value;
        var box = Activator.CreateInstance(assembly.GetType("WeaverTargets.Async+Box`1", throwOnError: true)!.MakeGenericType(typeof(int)), 3)!;
        var factorial = assembly.GetType("WeaverTargets.Basics", throwOnError: true)!.GetMethod("Factorial")!.CreateDelegate<Func<int, long>>();
        var mapAsync = box.GetType().GetMethod("MapAsync")!.MakeGenericMethod(typeof(long));
        Drain();

        var caller = Probe.Enter(0);
        var task = (Task<long>)mapAsync.Invoke(box, new object[] { factorial })!;
        Probe.Exit(ref caller);
        Assert.True(task.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal(6L, task.Result);

        var events = Drain();
        var map = events.Where(e => NameOf(e.Record).Contains("MapAsync")).Select(e => e.Record).ToList();
        Assert.Equal(new[] { EventKind.FunctionEntry, EventKind.FunctionExit }, map.Select(e => e.Kind));
        Assert.Equal(caller.SpanId, map[0].ParentSpanId);
        var factorials = events.Where(e => NameOf(e.Record).Contains("Factorial") && e.Record.Kind == EventKind.FunctionEntry)
            .Select(e => e.Record).ToList();
        Assert.Equal(3, factorials.Count);
        Assert.Equal(map[0].SpanId, factorials[0].ParentSpanId); // the first call after the await: child of MapAsync
        Assert.Equal(factorials[0].SpanId, factorials[1].ParentSpanId);
        Assert.All(factorials, f => Assert.Equal(map[0].TraceIdLow, f.TraceIdLow));
        Assert.True(map[1].Sequence > factorials.Max(f => f.Sequence)); // MapAsync ends after its continuation's work
        Assert.False(Current.IsValid);
    }

    [Fact]
    public void An_iterator_span_nests_under_its_consumer_and_ends_when_the_consumer_stops_early()
    {
        var evens = (IEnumerable<int>)Call("Iterators", "Evens", 100)!; // lazy: nothing runs yet
        Drain();
        Assert.Equal(12, Call("Iterators", "FirstOver", evens, 10));

        var events = Drain();
        var consumer = events.Where(e => NameOf(e.Record).Contains("FirstOver")).Select(e => e.Record).ToList();
        var iterator = events.Where(e => NameOf(e.Record).Contains("Evens")).Select(e => e.Record).ToList();
        Assert.Equal(new[] { EventKind.FunctionEntry, EventKind.FunctionExit }, consumer.Select(e => e.Kind));
        Assert.Equal(new[] { EventKind.FunctionEntry, EventKind.FunctionExit }, iterator.Select(e => e.Kind));
        Assert.Equal(consumer[0].SpanId, iterator[0].ParentSpanId);
        Assert.True(iterator[1].Sequence < consumer[1].Sequence); // disposed by the foreach before the consumer returned
        Assert.False(Current.IsValid);
    }

    [Fact]
    public void Disabled_probes_leave_woven_code_silent()
    {
        Woven.Value.GetType("WeaverTargets.Basics");
        ProbeRuntime.Disable();
        long written = ProbeRuntime.Ring.Written;
        Assert.Equal(120L, Call("Basics", "Factorial", 5));
        Assert.Equal(written, ProbeRuntime.Ring.Written);
    }
}
