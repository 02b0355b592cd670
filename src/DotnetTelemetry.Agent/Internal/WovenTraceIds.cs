using System.Buffers.Binary;
using System.Diagnostics;
using DotnetTelemetry.Probes;

namespace DotnetTelemetry.Agent.Internal;

/// <summary>
/// Makes an Activity started with no parent inside a woven function join that function's trace, instead of starting
/// a trace of its own: HttpClient's Activity in a console or worker app (no request Activity), or any library's.
/// </summary>
/// <remarks>
/// The probes never put the woven span in <see cref="Activity.Current"/> (they keep it in a thread-static slot, and a
/// load-time-woven async operation in an AsyncLocal of their own), so an Activity started inside a woven root has no
/// parent and would take a random trace id. The runtime asks
/// <see cref="Activity.TraceIdGenerator"/> for the id of every such root Activity (the <c>new Activity(..).Start()</c>
/// path and the ActivitySource path alike), and only for those: answering with the current woven call's trace id
/// there puts the Activity, the <c>traceparent</c> it sends and everything the callee records into the function's trace.
/// Outside a woven call the generator the app had set (or the runtime's random id) answers; the cost is one
/// thread-static read per root Activity, nothing on any other path. An app that sets its own generator after the
/// agent started replaces this one (its choice wins).
/// </remarks>
internal static class WovenTraceIds
{
    private static readonly Func<ActivityTraceId> Generator = Generate;
    private static readonly object Gate = new();
    private static Func<ActivityTraceId>? s_previous;

    /// <summary>Installs the generator, chaining the one in place (if any). Installing twice changes nothing.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            var current = Activity.TraceIdGenerator;
            if (current == Generator)
            {
                return;
            }
            s_previous = current;
            Activity.TraceIdGenerator = Generator;
        }
    }

    /// <summary>Puts the previous generator back, unless someone replaced ours since (theirs stays).</summary>
    public static void Uninstall()
    {
        lock (Gate)
        {
            if (Activity.TraceIdGenerator == Generator)
            {
                Activity.TraceIdGenerator = s_previous;
            }
            s_previous = null;
        }
    }

    private static ActivityTraceId Generate()
    {
        var woven = ProbeRuntime.CurrentWovenSpan;
        // The agent's own requests (exporters, metadata) never join the app's trace.
        if (woven.IsValid && !AgentCode.IsActive)
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, woven.TraceIdHigh);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], woven.TraceIdLow);
            return ActivityTraceId.CreateFromBytes(bytes);
        }
        return s_previous is { } previous ? previous() : ActivityTraceId.CreateRandom();
    }
}
