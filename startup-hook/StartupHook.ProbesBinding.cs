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
            // An app woven ahead of time may ship its own copy (listed in its deps.json, so the default context
            // would bind to that one by name): use it rather than load a second copy from agent/.
            s_probes = FindLoadedInDefaultContext()
                ?? (AppShipsProbes() ? AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(AssemblyName)) : null)
                ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(agentDirectory, AssemblyName + ".dll"));
            AssemblyLoadContext.Default.Resolving += (_, name) => IsProbes(name) ? s_probes : null;
        }

        internal static bool IsProbes(AssemblyName name)
            => string.Equals(name.Name, AssemblyName, StringComparison.OrdinalIgnoreCase);

        /// <summary>True when the app's trusted platform assemblies (its deps.json) include Probes.</summary>
        private static bool AppShipsProbes()
        {
            string? trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string;
            if (string.IsNullOrEmpty(trusted))
            {
                return false;
            }
            foreach (string path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(Path.GetFileName(path), AssemblyName + ".dll", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            return false;
        }

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
