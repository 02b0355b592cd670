using dnlib.DotNet;

namespace DotnetTelemetry.Weaver.IO;

/// <summary>
/// dnlib's writer reports problems through a logger. Every error fails the write (the input stays untouched),
/// except a known-harmless one: a PDB local constant whose value dnlib cannot encode ("Expected a null constant",
/// seen in Humanizer's embedded PDB). It only changes what a debugger shows for that constant.
/// </summary>
internal sealed class WriterLogger : ILogger
{
    private static readonly string[] HarmlessErrors = { "Expected a null constant" };

    public List<string> Tolerated { get; } = new();

    public bool IgnoresEvent(LoggerEvent loggerEvent) => loggerEvent > LoggerEvent.Warning;

    public void Log(object sender, LoggerEvent loggerEvent, string format, params object[] args)
    {
        if (loggerEvent != LoggerEvent.Error) return;
        string message = args is { Length: > 0 } ? string.Format(format, args) : format;
        if (HarmlessErrors.Any(h => message.StartsWith(h, StringComparison.Ordinal)))
        {
            Tolerated.Add(message);
            return;
        }
        throw new dnlib.DotNet.Writer.ModuleWriterException(message);
    }
}
