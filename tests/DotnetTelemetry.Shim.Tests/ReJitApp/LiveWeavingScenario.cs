using System.Runtime.CompilerServices;
using dnlib.DotNet;
using dnlib.DotNet.Emit;
using DotnetTelemetry.Agent.Native;

/// <summary>
/// Runs the agent's profiler mode over this very assembly with a test transform that prints a line
/// on entry of every method of <see cref="Sample"/>, then calls them: their output shows which
/// bodies the runtime now runs, and their results show the original code still works.
/// </summary>
internal static class LiveWeavingScenario
{
    public static int Run()
    {
        var filter = new LiveAssemblyFilter(name => name == "ReJitApp");
        using var mode = ProfilerMode.TryStart(AppContext.BaseDirectory, new PrintOnEntryTransform(), filter, (Action<string>)(line => Console.WriteLine("log=" + line)));
        if (mode is null)
        {
            Console.WriteLine("profiler-mode=off");
            return 3;
        }
        var report = mode.Reports.Single(r => r.AssemblyName == "ReJitApp");
        Console.WriteLine($"woven={string.Join(",", report.Woven.OrderBy(n => n))}");
        Console.WriteLine($"failed={report.Failed.Count}");

        Console.WriteLine($"add={Sample.Add(2, 3)}");
        Console.WriteLine($"greet={Sample.Greet("you")}");
        Console.WriteLine($"guarded0={Sample.Guarded(0)}");
        Console.WriteLine($"guarded5={Sample.Guarded(5)}");
        Console.WriteLine($"generic={Sample.CallsGeneric()}");
        return 0;
    }

    /// <summary>The agent's real profiler mode (the weaver's transforms) over this assembly, filtered to <see cref="Sample"/>.</summary>
    public static int RunWithWeaver()
    {
        using var mode = ProfilerModeStartup.TryStart(AppContext.BaseDirectory, new[] { "[ReJitApp]Sample" }, Array.Empty<string>(),
            (Action<string>)(line => Console.WriteLine("log=" + line)));
        var report = mode?.Reports.SingleOrDefault(r => r.AssemblyName == "ReJitApp");
        if (report is null)
        {
            Console.WriteLine("profiler-mode=off");
            return 3;
        }
        Console.WriteLine($"woven={string.Join(",", report.Woven.OrderBy(n => n))}");
        Console.WriteLine($"failed={report.Failed.Count}");
        DotnetTelemetry.Probes.ProbeRuntime.Configure(new DotnetTelemetry.Probes.ProbeConfiguration());
        Console.WriteLine($"add={Sample.Add(2, 3)}");
        Console.WriteLine($"greet={Sample.Greet("you")}");
        Console.WriteLine($"guarded0={Sample.Guarded(0)}");
        Console.WriteLine($"guarded5={Sample.Guarded(5)}");
        Console.WriteLine($"generic={Sample.CallsGeneric()}");
        try
        {
            Sample.Throws();
        }
        catch (ArgumentException exception)
        {
            Console.WriteLine($"throws={exception.Message}");
        }
        // What the woven code recorded in the probes' ring, in order: kind and function name.
        var recorded = new List<string>();
        var ring = DotnetTelemetry.Probes.ProbeRuntime.Ring;
        while (ring.TryRead(out var record, out object? payload))
        {
            string name = DotnetTelemetry.Probes.MethodRegistry.Get(record.MethodId).FunctionName;
            if (name.StartsWith("Sample.", StringComparison.Ordinal))
            {
                recorded.Add($"{record.Kind}:{name}{(payload is Exception ? "!" : string.Empty)}");
            }
        }
        Console.WriteLine($"events={string.Join(",", recorded)}");
        // The ids the woven IL carries resolve to the methods' names.
        var names = Enumerable.Range(1, 64).Select(id => DotnetTelemetry.Probes.MethodRegistry.Get(id).FunctionName).Where(n => n.StartsWith("Sample.", StringComparison.Ordinal));
        Console.WriteLine($"registered={string.Join(",", names.OrderBy(n => n))}");
        return 0;
    }

    /// <summary>Profiler mode with one filter, then another (what a second attach does).</summary>
    public static int RunRefilter()
    {
        using var mode = ProfilerModeStartup.TryStart(AppContext.BaseDirectory, new[] { "[ReJitApp]Sample.Add" }, Array.Empty<string>(),
            (Action<string>)(line => Console.WriteLine("log=" + line)));
        if (mode is null)
        {
            Console.WriteLine("profiler-mode=off");
            return 3;
        }
        DotnetTelemetry.Probes.ProbeRuntime.Configure(new DotnetTelemetry.Probes.ProbeConfiguration());
        Sample.Add(1, 2);
        Sample.Greet("a");
        Console.WriteLine($"first={string.Join(",", Recorded())}");

        mode.ApplyFilters(new[] { "[ReJitApp]Sample.Greet" }, Array.Empty<string>());
        Console.WriteLine($"add-after={Sample.Add(1, 2)}");
        Console.WriteLine($"greet-after={Sample.Greet("b")}");
        Console.WriteLine($"second={string.Join(",", Recorded())}");
        return 0;
    }

    private static List<string> Recorded()
    {
        var recorded = new List<string>();
        var ring = DotnetTelemetry.Probes.ProbeRuntime.Ring;
        while (ring.TryRead(out var record, out _))
        {
            string name = DotnetTelemetry.Probes.MethodRegistry.Get(record.MethodId).FunctionName;
            if (name.StartsWith("Sample.", StringComparison.Ordinal))
            {
                recorded.Add($"{record.Kind}:{name}");
            }
        }
        return recorded;
    }

    /// <summary>Prepends <c>Console.WriteLine("enter &lt;name&gt;")</c> to every method of Sample.</summary>
    private sealed class PrintOnEntryTransform : ILiveMethodTransform
    {
        public IReadOnlyList<LiveMethodOutcome> Weave(ModuleDefMD module, MethodIdRegistrar register)
        {
            var writeLine = module.Import(typeof(Console).GetMethod(nameof(Console.WriteLine), new[] { typeof(string) })!);
            var outcomes = new List<LiveMethodOutcome>();
            foreach (var method in module.Find("Sample", isReflectionName: true)!.Methods)
            {
                if (method.IsConstructor || !method.HasBody)
                {
                    outcomes.Add(new LiveMethodOutcome(method, method.Name, "not a plain method"));
                    continue;
                }
                register(method.Name, null, 0);
                var body = method.Body;
                body.Instructions.Insert(0, Instruction.Create(OpCodes.Ldstr, "enter " + method.Name));
                body.Instructions.Insert(1, Instruction.Create(OpCodes.Call, writeLine));
                body.KeepOldMaxStack = false;
                outcomes.Add(new LiveMethodOutcome(method, method.Name, null));
            }
            return outcomes;
        }
    }
}

internal static class Sample
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Add(int a, int b) => a + b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Greet(string name)
    {
        string greeting = "hello " + name;
        return greeting;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Guarded(int value)
    {
        try
        {
            if (value == 0)
            {
                throw new InvalidOperationException("zero");
            }
            return 10 / value;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
        finally
        {
            Console.WriteLine("finally");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Echo<T>(T value) => value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throws() => throw new ArgumentException("bad argument");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int CallsGeneric() => Echo(7);
}
