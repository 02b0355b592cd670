using System.Text.Json;

namespace DotnetTelemetry.Cli.Attach;

/// <summary>
/// Everything checked before touching the target (DESIGN "Attach, in order", step 1): it exists and
/// belongs to this user, runs .NET 8 or newer, supports startup hooks (trimmed apps do not), and can
/// see the agent's files at the paths the CLI will give it (for containers: /proc/&lt;pid&gt;/root).
/// </summary>
internal sealed record AttachPreflight(string? Refusal, bool CanAttachProfiler, string? ProfilerNote)
{
    public static AttachPreflight Check(DotnetProcess? target, int pid, string home, bool functionEvents)
    {
        if (pid == Environment.ProcessId)
        {
            // The CLI would wait on its own diagnostics socket for an answer it can only give after the wait: a hang.
            return Refuse($"process {pid} is this dotnet-telemetry CLI itself: give the pid of an app (see `dotnet-telemetry ps`)");
        }
        if (target is null)
        {
            return Refuse($"no process {pid} (or it cannot be inspected)");
        }
        if (!target.SameUser)
        {
            return Refuse($"process {pid} belongs to another user: attach as that user");
        }
        if (target.RuntimeVersion is null)
        {
            return Refuse($"process {pid} ({target.Name}) does not look like a .NET process (no libcoreclr.so mapped)");
        }
        if (target.RuntimeVersion.Major < 8)
        {
            return Refuse($"process {pid} runs .NET {target.RuntimeVersion}: attach needs .NET 8 or newer (ApplyStartupHook)");
        }
        var environment = StartEnvironment(pid);
        if (target.AgentLoaded && StartedWithTheHook(environment))
        {
            string outputs = environment.TryGetValue("DOTNET_TELEMETRY_OUTPUT", out var configured) && configured.Trim().Length > 0 ? configured.Trim() : "stdout";
            return Refuse($"process {pid} already runs the agent, started with it (DOTNET_STARTUP_HOOKS): its events go to its own outputs ({Otlp.Redaction.UrlCredentials.Redact(outputs)}), not to attach");
        }
        if (DiagnosticsDisabled(environment) is { } variable)
        {
            // Checked here because the diagnostics client's own error then blames the socket folder (TMPDIR), wrongly.
            return Refuse($"process {pid} has the runtime's diagnostics switched off ({variable}=0 in its environment): attach needs them; start the app under `dotnet-telemetry run` or the startup hook instead");
        }
        if (StartupHooksDisabled(pid) is { } configFile)
        {
            return Refuse($"process {pid} has startup hooks disabled (System.StartupHookProvider.IsSupported=false in {configFile}, as in trimmed apps): the agent cannot be loaded into it");
        }
        string root = $"/proc/{pid}/root";
        foreach (string relative in new[] { AgentHome.StartupHookRelative, "agent/DotnetTelemetry.Agent.dll" })
        {
            string asTargetSeesIt = Path.Combine(home, relative);
            if (!File.Exists(root + asTargetSeesIt))
            {
                return Refuse($"process {pid} cannot see {asTargetSeesIt} (checked {root}{asTargetSeesIt}); in a container, put the agent home at the same path inside it or pass --home with the path the container sees");
            }
        }

        if (!functionEvents)
        {
            return new AttachPreflight(null, false, null);
        }
        if (target.OtherProfiler is { } other)
        {
            return new AttachPreflight(null, false, $"process {pid} already has another profiler ({Path.GetFileName(other)}): runtime events only (exceptions, HTTP), no function events");
        }
        if (!File.Exists(root + Path.Combine(home, AgentHome.ShimRelative)))
        {
            return new AttachPreflight(null, false, $"the profiler shim is missing from {Path.Combine(home, AgentHome.ShimRelative)}: runtime events only");
        }
        return new AttachPreflight(null, !target.ShimLoaded, target.ShimLoaded ? "the profiler shim is already loaded (earlier attach): reusing it" : null);
    }

    private static AttachPreflight Refuse(string reason) => new(reason, false, null);

    /// <summary>
    /// The variable that switches the target's diagnostics IPC off (no socket, no attach), or null. Read from the
    /// environment the process started with, which is when the runtime reads it.
    /// </summary>
    private static string? DiagnosticsDisabled(IReadOnlyDictionary<string, string> environment) =>
        new[] { "DOTNET_EnableDiagnostics", "COMPlus_EnableDiagnostics", "DOTNET_EnableDiagnostics_IPC", "COMPlus_EnableDiagnostics_IPC" }
            .FirstOrDefault(name => environment.TryGetValue(name, out var value) && value.Trim() == "0");

    /// <summary>
    /// True when the process was started with our startup hook (under `run`, or the hook exported): its agent writes
    /// to the outputs it was started with, and an attach would stream nothing. (An agent loaded by an earlier attach
    /// is not in the start-up environment, and a new attach reuses it.)
    /// </summary>
    private static bool StartedWithTheHook(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue("DOTNET_STARTUP_HOOKS", out var hooks)
        && hooks.Contains(Path.GetFileName(AgentHome.StartupHookRelative), StringComparison.Ordinal);

    /// <summary>/proc/&lt;pid&gt;/environ: the environment the process started with (empty when unreadable).</summary>
    private static Dictionary<string, string> StartEnvironment(int pid)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (string entry in File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = entry.IndexOf('=');
                if (equals > 0) environment[entry[..equals]] = entry[(equals + 1)..];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // unreadable: the attach itself will say what goes wrong
        }
        return environment;
    }

    /// <summary>The runtimeconfig.json that switches startup hooks off, or null.</summary>
    private static string? StartupHooksDisabled(int pid)
    {
        foreach (string config in RuntimeConfigCandidates(pid))
        {
            try
            {
                string path = $"/proc/{pid}/root{config}";
                if (!File.Exists(path))
                {
                    continue;
                }
                using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (document.RootElement.TryGetProperty("runtimeOptions", out var options)
                    && options.TryGetProperty("configProperties", out var properties)
                    && properties.TryGetProperty("System.StartupHookProvider.IsSupported", out var supported)
                    && supported.ValueKind == JsonValueKind.False)
                {
                    return config;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                // unreadable: nothing says hooks are off
            }
        }
        return null;
    }

    /// <summary>&lt;app&gt;.runtimeconfig.json next to the app: from `dotnet app.dll` or from the apphost's path.</summary>
    private static IEnumerable<string> RuntimeConfigCandidates(int pid)
    {
        var candidates = new List<string>();
        try
        {
            string[] arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            string cwd = new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget ?? "/";
            foreach (string argument in arguments.Take(6))
            {
                if (argument.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                {
                    candidates.Add(Path.ChangeExtension(Path.Combine(cwd, argument), ".runtimeconfig.json"));
                    break;
                }
            }
            string? exe = new FileInfo($"/proc/{pid}/exe").LinkTarget;
            if (exe is not null && !Path.GetFileName(exe).Equals("dotnet", StringComparison.Ordinal))
            {
                candidates.Add(exe + ".runtimeconfig.json");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return candidates;
    }
}
