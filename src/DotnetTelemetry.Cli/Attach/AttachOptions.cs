namespace DotnetTelemetry.Cli.Attach;

/// <summary>What `dotnet-telemetry attach` was asked to do.</summary>
internal sealed record AttachOptions(
    int Pid,
    string Home,
    string Include,
    string Exclude,
    string Output,
    TimeSpan? Duration,
    bool FunctionEvents);
