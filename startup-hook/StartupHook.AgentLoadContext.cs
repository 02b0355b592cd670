using System.Reflection;
using System.Runtime.Loader;

internal static partial class StartupHook
{
    /// <summary>
    /// The agent's private load context: the agent and its dependencies (schema, exporters, weaver, dnlib, ...)
    /// load from <c>agent/</c> and never meet the app's own copies of the same libraries. Probes is handed back
    /// from the default context, so woven code and the agent share one ring and one registry. Anything not in
    /// <c>agent/</c> (the framework) falls through to the default context.
    /// </summary>
    private sealed class AgentLoadContext : AssemblyLoadContext
    {
        private readonly string _directory;

        internal AgentLoadContext(string directory)
            : base("dotnet-telemetry agent", isCollectible: false)
        {
            _directory = directory;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (ProbesBinding.IsProbes(assemblyName))
            {
                return ProbesBinding.Probes;
            }
            string candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            foreach (string name in new[] { unmanagedDllName, "lib" + unmanagedDllName + ".so", unmanagedDllName + ".so", unmanagedDllName + ".dll" })
            {
                string candidate = Path.Combine(_directory, name);
                if (File.Exists(candidate))
                {
                    return LoadUnmanagedDllFromPath(candidate);
                }
            }
            return IntPtr.Zero;
        }
    }
}
