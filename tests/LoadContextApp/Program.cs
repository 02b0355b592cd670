using System.Reflection;
using System.Runtime.Loader;

// Reports, one "key=value" line each, where the agent's assemblies live in this process, then ends with
// Environment.Exit(3) so the tests can check the agent flushes on that path too; with "wait" it waits for a
// signal instead. References nothing of the agent.
static string ContextOf(Assembly assembly) => AssemblyLoadContext.GetLoadContext(assembly)?.Name ?? "none";

Assembly[] Loaded(string name) => AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == name).ToArray();

var probes = Loaded("DotnetTelemetry.Probes");
Console.WriteLine($"probes.count={probes.Length}");
Console.WriteLine($"probes.contexts={string.Join(",", probes.Select(ContextOf))}");
Console.WriteLine($"agent.contexts={string.Join(",", Loaded("DotnetTelemetry.Agent").Select(ContextOf))}");
Console.WriteLine($"agent.directory={string.Join(",", Loaded("DotnetTelemetry.Agent").Select(a => Path.GetDirectoryName(a.Location)))}");
Console.WriteLine($"schema.contexts={string.Join(",", Loaded("DotnetTelemetry.Schema").Select(ContextOf))}");
try
{
    // What woven code does: bind to Probes by name from the default context.
    var byName = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("DotnetTelemetry.Probes"));
    Console.WriteLine($"probes.by_name={(probes.Contains(byName) ? "same" : "other")}");
}
catch (FileNotFoundException)
{
    Console.WriteLine("probes.by_name=missing");
}

try
{
    throw new InvalidOperationException("thrown before Environment.Exit");
}
catch (InvalidOperationException)
{
}
if (args.Contains("wait"))
{
    // For the signal tests: say so, then wait to be ended by a signal.
    Console.WriteLine("ready");
    Console.Out.Flush();
    Thread.Sleep(TimeSpan.FromSeconds(60));
    return;
}
Console.Out.Flush();
Environment.Exit(3);
