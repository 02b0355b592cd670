using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Exceptions;
using DotnetTelemetry.Agent.Http;
using DotnetTelemetry.Probes;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Drain;

/// <summary>
/// Turns one ring record and its payload into the reused <see cref="TelemetryEvent"/>: method ids become names
/// and source locations, Stopwatch ticks become Unix nanoseconds, payload objects become the error and http
/// blocks (redacted and bounded here, on the drain thread, never on the app's).
/// </summary>
internal sealed class EventConverter
{
    private readonly AgentConfig _config;
    private readonly HttpRedactor _redactor;
    private readonly TextBounds _bounds;

    public EventConverter(AgentConfig config)
    {
        _config = config;
        _redactor = new HttpRedactor(config.RedactedHeaders, config.RedactQuery);
        _bounds = new TextBounds(config.MaxMessageLength, config.MaxStackTraceLength);
    }

    private volatile ResourceInfo? _resource;

    /// <summary>
    /// The per-process blocks attached to every event (null until the local detection has finished). Replaced,
    /// never changed in place, when the cloud block arrives (possibly from another thread).
    /// </summary>
    public ResourceInfo? Resource
    {
        get => _resource;
        set => _resource = value;
    }

    public void Convert(in EventRecord record, object? payload, TelemetryEvent e)
    {
        e.Reset();
        e.Sequence = record.Sequence;
        e.TimestampUnixNanos = ProbeClock.ToUnixNanoseconds(record.Timestamp);
        e.EventType = (EventType)(byte)record.Kind;
        e.TraceId = new TraceId(record.TraceIdHigh, record.TraceIdLow);
        e.SpanId = new SpanId(record.SpanId);
        e.ParentSpanId = new SpanId(record.ParentSpanId);
        e.TraceFlags = record.TraceFlags;
        e.SampleRate = record.SampleRate > 0 ? record.SampleRate : 1.0;
        e.ThreadId = record.ThreadId;
        e.Resource = Resource;
        if (record.Duration != 0)
        {
            // The difference of the two converted instants, not the converted difference: with a clock that does not
            // tick in nanoseconds the two may round apart by one, and an exit's timestamp minus its duration must be
            // exactly its entry's timestamp. Never negative: the timestamp counter is read without a fence, so two
            // reads a few cycles apart may cross.
            long startNanos = ProbeClock.ToUnixNanoseconds(record.Timestamp - record.Duration);
            e.DurationNanos = Math.Max(0, e.TimestampUnixNanos - startNanos);
        }

        switch (record.Kind)
        {
            case EventKind.FunctionEntry:
            case EventKind.FunctionExit:
                ConvertFunction(record, payload, e);
                break;
            case EventKind.LoopEntry:
            case EventKind.LoopExit:
            case EventKind.ConditionalEntry:
            case EventKind.ConditionalExit:
            case EventKind.VariableChange:
                ConvertFinerEvent(record, payload, e);
                break;
            case EventKind.ExceptionEntry:
            case EventKind.ExceptionExit:
                ConvertException(record, payload, e);
                break;
            case EventKind.HttpRequest:
            case EventKind.HttpResponse:
                ConvertHttp(payload, e);
                break;
            case EventKind.AgentStatus:
                ConvertStatus(payload, e);
                break;
            default:
                e.EventType = EventType.AgentStatus;
                e.Message = $"unknown record kind {(byte)record.Kind}";
                e.Severity = Severity.Warn;
                break;
        }
        FillMissingBlocks(e);
    }

    /// <summary>The OpenTelemetry spelling of an HTTP method that is not known.</summary>
    private const string UnknownMethod = "_OTHER";

    /// <summary>What a block stands in for when the record arrived without (or with the wrong) payload.</summary>
    internal const string NotCapturedMessage = "details were not captured";

    /// <summary>
    /// The schema requires <c>error</c> on exception events and the matching <c>http</c> block on HTTP events. A
    /// record can arrive without its payload (or with one of the wrong shape); the event is still written, with a
    /// minimal block that says so, so that the stream always validates and the event's place in the trace survives.
    /// </summary>
    private static void FillMissingBlocks(TelemetryEvent e)
    {
        switch (e.EventType)
        {
            case EventType.ExceptionEntry or EventType.ExceptionExit when e.Error is null:
                e.Error = new ErrorInfo { Type = "unknown", Message = $"exception {NotCapturedMessage}" };
                e.Attributes.Add(new("telemetry.details_captured", false));
                break;
            case EventType.HttpRequest when e.HttpRequest is null:
                e.HttpRequest = new HttpRequestInfo { Method = UnknownMethod, Url = "" };
                e.Attributes.Add(new("telemetry.details_captured", false));
                e.Message ??= $"HTTP request {NotCapturedMessage}";
                break;
            case EventType.HttpResponse when e.HttpResponse is null:
                // Status 0 is the schema's "no response known".
                e.HttpResponse = new HttpResponseInfo { StatusCode = 0 };
                e.Attributes.Add(new("telemetry.details_captured", false));
                e.Message ??= $"HTTP response {NotCapturedMessage}";
                break;
        }
    }

    private void ConvertFunction(in EventRecord record, object? payload, TelemetryEvent e)
    {
        SetMethod(record.MethodId, e);
        if (record.Kind == EventKind.FunctionExit && payload is Exception exception)
        {
            e.Severity = Severity.Error;
            e.Error = ErrorOf(exception, null);
        }
        e.Message = e.FunctionName;
    }

    private void ConvertFinerEvent(in EventRecord record, object? payload, TelemetryEvent e)
    {
        SetMethod(record.MethodId, e);
        e.Severity = Severity.Debug;
        if (record.SiteId != 0)
        {
            e.Attributes.Add(new("site.id", (long)record.SiteId));
        }
        string argumentName = record.Kind switch
        {
            EventKind.LoopExit => "loop.iterations",
            EventKind.ConditionalEntry or EventKind.ConditionalExit => "branch",
            EventKind.VariableChange => "variable.value",
            _ => "argument",
        };
        if (payload is not null)
        {
            string? name = payload is KeyValuePair<string, object?> named ? named.Key : null;
            object? value = payload is KeyValuePair<string, object?> pair ? pair.Value : payload;
            if (name is not null)
            {
                e.Attributes.Add(new("variable.name", name));
            }
            e.Attributes.Add(new(argumentName, _bounds.Message(SafeToString(value)) ?? "null"));
        }
        else if (record.Argument != 0 || record.Kind is EventKind.LoopExit or EventKind.ConditionalEntry or EventKind.VariableChange)
        {
            e.Attributes.Add(new(argumentName, record.Argument));
        }
    }

    private void ConvertException(in EventRecord record, object? payload, TelemetryEvent e)
    {
        var exceptionPayload = payload as ExceptionPayload
            ?? (payload is Exception bare ? new ExceptionPayload(bare, null, record.Kind == EventKind.ExceptionExit ? (ExceptionEnd)record.Argument : ExceptionEnd.None) : null);
        if (exceptionPayload is null)
        {
            e.Message = record.Kind == EventKind.ExceptionEntry ? "exception thrown" : "exception ended";
            return;
        }
        var exception = exceptionPayload.Exception;
        e.Error = ErrorOf(exception, exceptionPayload.ThrowSite);
        if (record.Kind == EventKind.ExceptionEntry)
        {
            e.Severity = Severity.Warn;
            e.Message = $"{exception.GetType().Name} thrown";
            return;
        }
        bool unhandled = exceptionPayload.IsUnhandled;
        e.Severity = unhandled ? Severity.Error : Severity.Info;
        e.Message = unhandled ? $"{exception.GetType().Name} unhandled" : $"{exception.GetType().Name} caught";
        e.Attributes.Add(new("exception.handled", !unhandled));
        e.Attributes.Add(new("exception.end_detected_by", exceptionPayload.End switch
        {
            ExceptionEnd.NextThrow => "next_throw",
            ExceptionEnd.GracePeriod => "grace_period",
            ExceptionEnd.ProcessExit => "process_exit",
            ExceptionEnd.Unhandled => "unhandled",
            _ => "unknown",
        }));
    }

    /// <summary>
    /// The error block. The stack is the walk taken at the throw when there is one (the whole call stack, opt-in),
    /// else the exception's own trace (throw site to the catching frame, with files and lines when PDBs are there).
    /// </summary>
    /// <summary>Before the length cap, so a secret can never be cut into a part the patterns no longer see.</summary>
    private string? RedactMessage(string? message) => message is null ? null : _config.RedactExceptionMessages switch
    {
        MessageRedaction.None => message,
        MessageRedaction.All => Redaction.SecretText.Redacted,
        _ => Redaction.SecretText.Redact(message),
    };

    private ErrorInfo ErrorOf(Exception exception, System.Diagnostics.StackTrace? throwSite)
    {
        string? stack = throwSite is not null ? SafeToString(throwSite)?.TrimEnd() : null;
        if (string.IsNullOrEmpty(stack))
        {
            stack = SafeStackTrace(exception);
        }
        return new ErrorInfo
        {
            Type = exception.GetType().FullName ?? exception.GetType().Name,
            Message = _bounds.Message(RedactMessage(SafeMessage(exception))),
            StackTrace = _bounds.StackTrace(stack),
        };
    }

    private void ConvertHttp(object? payload, TelemetryEvent e)
    {
        var request = payload switch
        {
            HttpRequestPayload r => r,
            HttpResponsePayload r => r.Request,
            _ => null,
        };
        if (request is null)
        {
            return;
        }
        var requestInfo = new HttpRequestInfo
        {
            // The schema wants a method; an app-built request object can have none.
            Method = string.IsNullOrEmpty(request.Method) ? UnknownMethod : request.Method,
            Url = _redactor.Url(request.Url),
            Kind = request.Kind,
        };
        e.HttpRequest = requestInfo;
        e.Attributes.Add(new("http.kind", request.Kind));
        if (payload is HttpRequestPayload)
        {
            requestInfo.BodyBytes = request.BodyBytes;
            requestInfo.UserAgent = request.UserAgent;
            AddHeaders(request.Headers, requestInfo.Headers);
            if (request.ContentType is not null)
            {
                e.Attributes.Add(new("http.request.content_type", request.ContentType));
            }
            e.Message = $"{request.Method} {requestInfo.Url}";
            return;
        }

        var response = (HttpResponsePayload)payload!;
        var responseInfo = new HttpResponseInfo
        {
            StatusCode = response.StatusCode,
            BodyBytes = response.BodyBytes,
            ContentType = response.ContentType,
        };
        AddHeaders(response.Headers, responseInfo.Headers);
        e.HttpResponse = responseInfo;
        if (response.Failure is not null)
        {
            e.Severity = Severity.Error;
            e.Attributes.Add(new("http.failure", response.Failure));
        }
        else if (response.StatusCode >= 500)
        {
            e.Severity = Severity.Error;
        }
        else if (response.StatusCode >= 400)
        {
            e.Severity = Severity.Warn;
        }
        e.Message = response.Failure is null
            ? $"{request.Method} {requestInfo.Url} {response.StatusCode}"
            : $"{request.Method} {requestInfo.Url} {response.Failure}";
    }

    private void AddHeaders(KeyValuePair<string, string>[]? source, List<KeyValuePair<string, string>> target)
    {
        if (source is null)
        {
            return;
        }
        target.EnsureCapacity(target.Count + source.Length);
        foreach (var (name, value) in source)
        {
            target.Add(new(name, _bounds.Message(_redactor.HeaderValue(name, value)) ?? ""));
        }
    }

    private static void ConvertStatus(object? payload, TelemetryEvent e)
    {
        e.Severity = Severity.Info;
        if (payload is AgentStatusPayload status)
        {
            e.Message = "dotnet-telemetry agent status";
            status.AddTo(e.Attributes);
        }
    }

    private static void SetMethod(int methodId, TelemetryEvent e)
    {
        var method = MethodRegistry.Get(methodId);
        e.FunctionName = method.FunctionName;
        e.SourceFile = method.File;
        e.SourceLine = method.Line;
    }

    // The app's own ToString/Message may throw: those are reported as such, never rethrown.
    private static string? SafeToString(object? value)
    {
        try
        {
            return value?.ToString();
        }
        catch (Exception e)
        {
            return $"<{e.GetType().Name} from ToString>";
        }
    }

    private static string? SafeMessage(Exception exception)
    {
        try
        {
            return exception.Message;
        }
        catch (Exception e)
        {
            return $"<{e.GetType().Name} from Message>";
        }
    }

    private static string? SafeStackTrace(Exception exception)
    {
        try
        {
            return exception.StackTrace;
        }
        catch
        {
            return null;
        }
    }
}
