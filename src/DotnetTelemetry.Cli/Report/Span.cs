namespace DotnetTelemetry.Cli.Report;

/// <summary>What a span stands for; the page colours and labels each kind.</summary>
internal enum SpanKind : byte
{
    Function = 0,
    HttpServer = 1,
    HttpClient = 2,
}

/// <summary>
/// One span put together from its start and end events (function entry/exit, HTTP request/response), in whichever
/// order they were read. A span whose end never came is <see cref="Unfinished"/>.
/// </summary>
internal sealed class Span
{
    public ulong Id;
    public ulong ParentId;
    public string TraceId = "";
    public string Name = "";
    public SpanKind Kind;
    public long StartNs = long.MinValue;
    public long DurationNs = -1;
    public bool Ended;
    public string? ErrorType;
    public int HttpStatus = -1;
    public int ThreadId;
    public List<SpanMark>? Marks;

    public bool HasStart => StartNs != long.MinValue;
    public bool Unfinished => !Ended;
    public long EndNs => StartNs + Math.Max(DurationNs, 0);

    /// <summary>An error ended it: an exception left the call, the server answered 5xx, or no response came.</summary>
    public bool Failed => ErrorType is not null || (Kind != SpanKind.Function && Ended && (HttpStatus >= 500 || HttpStatus == 0));
}

/// <summary>What a mark on a span stands for.</summary>
internal enum MarkKind : byte
{
    Thrown = 0,
    Caught = 1,
    Unhandled = 2,
    LoopEntry = 3,
    LoopExit = 4,
    ConditionalEntry = 5,
    ConditionalExit = 6,
    VariableChange = 7,
}

/// <summary>An instant inside a span: an exception thrown or caught there, a loop, branch or variable event.</summary>
internal sealed record SpanMark(MarkKind Kind, long TimestampNs, string Text);
