using System.Reflection;
using System.Text.Json;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// The app's own assemblies (its projects), as opposed to the NuGet packages it uses: with no include
/// pattern, only these are woven, as ahead-of-time weaving does. Read from the app's .deps.json
/// ("project" libraries); without one, the entry assembly and what sits beside it count as the app's.
/// </summary>
internal sealed class AppAssemblies
{
    private readonly HashSet<string> _projects = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _packages = new(StringComparer.OrdinalIgnoreCase);

    public AppAssemblies(string? depsFile, string? entryAssemblyName)
    {
        if (entryAssemblyName is not null)
        {
            _projects.Add(entryAssemblyName);
        }
        if (depsFile is null || !File.Exists(depsFile))
        {
            return;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(depsFile));
            if (!document.RootElement.TryGetProperty("libraries", out var libraries))
            {
                return;
            }
            foreach (var library in libraries.EnumerateObject())
            {
                string name = library.Name.Split('/')[0];
                string? type = library.Value.TryGetProperty("type", out var t) ? t.GetString() : null;
                (type == "project" ? _projects : _packages).Add(name);
            }
            // A package's assemblies may be named differently from the package: list them too.
            if (document.RootElement.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateObject())
                {
                    foreach (var library in target.Value.EnumerateObject())
                    {
                        string name = library.Name.Split('/')[0];
                        if (!_packages.Contains(name) || !library.Value.TryGetProperty("runtime", out var runtime))
                        {
                            continue;
                        }
                        foreach (var file in runtime.EnumerateObject())
                        {
                            _packages.Add(Path.GetFileNameWithoutExtension(file.Name));
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // unreadable deps file: the entry assembly alone counts as the app's
        }
    }

    /// <summary>The app of this process: its deps file (from the host) and entry assembly.</summary>
    public static AppAssemblies OfCurrentProcess()
    {
        string? deps = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return new AppAssemblies(deps, Assembly.GetEntryAssembly()?.GetName().Name);
    }

    public bool IsOwn(string assemblyName) => _projects.Contains(assemblyName);
}
