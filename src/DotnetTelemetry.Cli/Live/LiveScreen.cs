using System.Globalization;
using System.Text;

namespace DotnetTelemetry.Cli.Live;

/// <summary>Draws one frame of the live view as plain lines (the caller puts them on the terminal).</summary>
internal static class LiveScreen
{
    /// <summary>Calls of the last this-many seconds count as "recent".</summary>
    private static readonly TimeSpan RecentWindow = TimeSpan.FromSeconds(10);

    public static List<string> Render(string title, LiveSnapshot now, LiveSnapshot? before, IReadOnlyList<string> messages, int width, int height)
    {
        double seconds = before is null ? 0 : Math.Max((now.At - before.At).TotalSeconds, 0.001);
        double Rate(long current, long previous) => seconds == 0 ? 0 : (current - previous) / seconds;
        var lines = new List<string>
        {
            $"{title}   (q or Ctrl+C: quit)",
            I($"events {now.Events} ({Rate(now.Events, before?.Events ?? 0):F0}/s)   exceptions/s {Rate(now.Exceptions, before?.Exceptions ?? 0):F1} (total {now.Exceptions})   HTTP requests/s {Rate(now.HttpRequests, before?.HttpRequests ?? 0):F1} (total {now.HttpRequests})"),
            I($"HTTP status codes: {(now.StatusCodes.Count == 0 ? "none yet" : string.Join("  ", now.StatusCodes.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}")))}   dropped by the agent: {now.AgentDropped}   missing (sequence gaps): {now.SequenceGaps}   unreadable: {now.Unreadable}"),
            "",
            I($"{"HOTTEST FUNCTIONS (total time)",-60} {"total",12} {"calls",9} {"calls/s",9}"),
        };
        int budget = Math.Max(3, (height - 14) / 2);
        foreach (var (name, (calls, totalNs)) in now.Functions.OrderByDescending(f => f.Value.TotalNs).Take(budget))
        {
            long previousCalls = before?.Functions.GetValueOrDefault(name).Calls ?? 0;
            lines.Add(I($"{Fit(name, 60),-60} {Duration(totalNs),12} {calls,9} {Rate(calls, previousCalls),9:F1}"));
        }
        lines.Add("");
        lines.Add(I($"{"SLOWEST RECENT CALLS (last 10 s)",-60} {"duration",12}"));
        foreach (var (name, durationNs, _) in now.RecentCalls.Where(c => now.At - c.At <= RecentWindow).OrderByDescending(c => c.DurationNs).Take(Math.Max(3, budget / 2)))
        {
            lines.Add(I($"{Fit(name, 60),-60} {Duration(durationNs),12}"));
        }
        if (now.ExceptionTypes.Count > 0)
        {
            lines.Add("");
            lines.Add("EXCEPTIONS: " + string.Join("  ", now.ExceptionTypes.OrderByDescending(e => e.Value).Take(5).Select(e => I($"{e.Key}:{e.Value}"))));
        }
        lines.Add("");
        lines.AddRange(messages.TakeLast(3));
        return lines.Take(height).Select(line => Fit(line, width)).ToList();
    }

    private static string Duration(long ns) => ns switch
    {
        < 1_000 => I($"{ns} ns"),
        < 1_000_000 => I($"{ns / 1e3:F1} us"),
        < 1_000_000_000 => I($"{ns / 1e6:F2} ms"),
        _ => I($"{ns / 1e9:F2} s"),
    };

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..Math.Max(0, width - 1)] + "…";

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
