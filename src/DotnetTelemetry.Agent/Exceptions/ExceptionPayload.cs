using System.Diagnostics;

namespace DotnetTelemetry.Agent.Exceptions;

/// <summary>How we learned that an exception's flight ended.</summary>
internal enum ExceptionEnd : byte
{
    /// <summary>Still in flight (an exception_entry).</summary>
    None,
    /// <summary>The same thread threw again, so the earlier exception had been caught (or replaced).</summary>
    NextThrow,
    /// <summary>The grace period passed without the runtime reporting it unhandled.</summary>
    GracePeriod,
    /// <summary>The process exited normally while it was the thread's last exception.</summary>
    ProcessExit,
    /// <summary>It reached the top of a thread: the runtime raised UnhandledException.</summary>
    Unhandled,
}

/// <summary>
/// What the exception listener puts in the ring's payload slot. The stack at the throw site is captured on the
/// app's thread (the frames are gone later) but only formatted into text on the drain thread.
/// </summary>
internal sealed class ExceptionPayload(Exception exception, StackTrace? throwSite, ExceptionEnd end)
{
    public Exception Exception { get; } = exception;
    public StackTrace? ThrowSite { get; } = throwSite;
    public ExceptionEnd End { get; } = end;
    public bool IsUnhandled => End == ExceptionEnd.Unhandled;
}
