using System.Runtime.Loader;
using DotnetTelemetry.Probes;

// Calls the probes the way woven code does (register a method table, enter, exit), then reports which copy of
// DotnetTelemetry.Probes it bound to. Under the agent there must be exactly one copy: the app's own.
int methodId = MethodRegistry.Register("ShipsProbesApp.Work()", "Program.cs", 7);
var scope = Probe.Enter(methodId);
Thread.Sleep(5);
Probe.Exit(ref scope);

var copies = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "DotnetTelemetry.Probes").ToArray();
string appDirectory = Path.GetFullPath(AppContext.BaseDirectory).TrimEnd(Path.DirectorySeparatorChar);
Console.WriteLine($"probes.count={copies.Length}");
Console.WriteLine($"probes.contexts={string.Join(",", copies.Select(a => AssemblyLoadContext.GetLoadContext(a)?.Name))}");
Console.WriteLine($"probes.from_app={copies.All(a => Path.GetDirectoryName(a.Location) == appDirectory)}");
Console.WriteLine($"probes.recording={scope.IsRecording}");
