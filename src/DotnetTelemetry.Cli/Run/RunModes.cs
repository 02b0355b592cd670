namespace DotnetTelemetry.Cli.Run;

/// <summary>The ways `run` can produce function events (`--mode`).</summary>
internal static class RunModes
{
    /// <summary>Profiler when the shim is in the agent home, else weave.</summary>
    public const string Auto = "auto";
    /// <summary>Load-time weaving through the CLR profiler shim: no pre-step, nothing written to disk.</summary>
    public const string Profiler = "profiler";
    /// <summary>A woven shadow copy of the app folder from the weave cache; the app folder is never written.</summary>
    public const string Weave = "weave";
    /// <summary>
    /// The startup hook without load-time weaving (<c>DOTNET_TELEMETRY_WEAVE=off</c>): HTTP and exception events,
    /// function events only from assemblies woven beforehand.
    /// </summary>
    public const string HookOnly = "hook-only";

    public static readonly string[] All = { Auto, Profiler, Weave, HookOnly };
}
