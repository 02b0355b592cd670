using System.Text;
using DotnetTelemetry.Cli.Attach;

namespace DotnetTelemetry.Cli.Live;

/// <summary>`attach --live`: the events go to the live view's counts instead of a file or stdout.</summary>
internal sealed class LiveOutput(LiveStats stats) : AttachOutput
{
    public override void Write(string line) => stats.Add(Encoding.UTF8.GetBytes(line));

    public override void Flush()
    {
    }
}
