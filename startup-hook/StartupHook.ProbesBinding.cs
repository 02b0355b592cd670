using System.Reflection;
using System.Runtime.Loader;

internal static partial class StartupHook
{
    /// <summary>
    /// Puts exactly one copy of <c>DotnetTelemetry.Probes</c> in the default load context and makes every
    /// by-name reference to it (from woven app assemblies or from the agent) bind to that copy.
    /// </summary>
    private static class ProbesBinding
    {
        internal const string AssemblyName = "DotnetTelemetry.Probes";

        private static Assembly? s_probes;

        internal static Assembly Probes => s_probes ?? throw new InvalidOperationException("Probes not loaded");

        internal static void Install(string agentDirectory)
        {
            // An app woven ahead of time may ship its own copy next to it and have loaded it already: keep that one.
            s_probes = FindLoadedInDefaultContext()
                ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(agentDirectory, AssemblyName + ".dll"));
            AssemblyLoadContext.Default.Resolving += (_, name) => IsProbes(name) ? s_probes : null;
        }

        internal static bool IsProbes(AssemblyName name)
            => string.Equals(name.Name, AssemblyName, StringComparison.OrdinalIgnoreCase);

        private static Assembly? FindLoadedInDefaultContext()
        {
            foreach (var assembly in AssemblyLoadContext.Default.Assemblies)
            {
                if (IsProbes(assembly.GetName()))
                {
                    return assembly;
                }
            }
            return null;
        }
    }
}
