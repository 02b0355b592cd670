using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using DotnetTelemetry.Agent.Native;
using DotnetTelemetry.Probes;

/// <summary>
/// DOTNET_STARTUP_HOOKS fixture. DT_TEST_EVENTS names the output file ("entry|exit &lt;tab&gt; function name"
/// per line); DT_TEST_PROFILER_MODE=1 also starts the agent's profiler mode (the shim must be loaded).
/// </summary>
internal class StartupHook
{
    private static readonly string Directory = Path.GetDirectoryName(typeof(StartupHook).Assembly.Location)!;

    public static void Initialize()
    {
        // Our dependencies (and the probes woven code binds to) come from this fixture's folder.
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            string path = Path.Combine(Directory, name.Name + ".dll");
            return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        };
        Start();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Start()
    {
        ProbeRuntime.Configure(new ProbeConfiguration { RingCapacity = 1 << 20 });
        if (Environment.GetEnvironmentVariable("DT_TEST_PROFILER_MODE") == "1")
        {
            var integration = NativeIntegration.Start(Directory, Array.Empty<string>(), Array.Empty<string>(), (Action<string>)(line => Console.Error.WriteLine("hook: " + line)));
            Console.Error.WriteLine($"hook: profiler mode {(integration.ProfilerModeActive ? "on" : "off")}");
        }
        string? output = Environment.GetEnvironmentVariable("DT_TEST_EVENTS");
        if (output is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Dump(output);
        }
    }

    private static void Dump(string path)
    {
        using var writer = new StreamWriter(path);
        var ring = ProbeRuntime.Ring;
        while (ring.TryRead(out var record, out _))
        {
            string? kind = record.Kind switch
            {
                EventKind.FunctionEntry => "function_entry",
                EventKind.FunctionExit => "function_exit",
                _ => null,
            };
            if (kind is not null)
            {
                writer.WriteLine($"{kind}\t{MethodRegistry.Get(record.MethodId).FunctionName}");
            }
        }
    }
}
