using System.Runtime.CompilerServices;

namespace WeaverTargets;

/// <summary>
/// Async methods whose builder is not one of the BCL's common ones: a hand-made task-like type whose builder starts
/// the state machine by calling MoveNext directly (it does not restore the caller's execution context, as the BCL's
/// builders do), the BCL's pooling builder, and cancellation.
/// </summary>
public static class CustomBuilders
{
    [AsyncMethodBuilder(typeof(PlainTaskBuilder))]
    public static async PlainTask DelayPlainAsync(int milliseconds) => await Task.Delay(milliseconds);

    [AsyncMethodBuilder(typeof(PlainTaskBuilder))]
    public static async PlainTask ThrowPlainAsync()
    {
        await Task.Yield();
        throw new FormatException("custom builder failed");
    }

    /// <summary>Awaits a custom-builder method, then calls a sync method: that call belongs to this method's span.</summary>
    public static async Task<int> AfterPlainAsync()
    {
        await DelayPlainAsync(3);
        return Basics.Add(1, 2);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<int> PooledAsync(int value)
    {
        await Task.Yield();
        return value + 1;
    }

    public static async Task CancelledAsync()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        await Task.Delay(1000, source.Token);
    }

    public static string RunAll()
    {
        DelayPlainAsync(1).GetAwaiter().GetResult();
        string failed;
        try
        {
            ThrowPlainAsync().GetAwaiter().GetResult();
            failed = "no exception";
        }
        catch (FormatException e)
        {
            failed = e.Message;
        }
        string cancelled;
        try
        {
            CancelledAsync().GetAwaiter().GetResult();
            cancelled = "not cancelled";
        }
        catch (OperationCanceledException e)
        {
            cancelled = e.GetType().Name;
        }
        // A pooled ValueTask cannot be waited on synchronously before it completes: AsTask first.
        return $"{AfterPlainAsync().GetAwaiter().GetResult()} {PooledAsync(4).AsTask().GetAwaiter().GetResult()} {failed} {cancelled}";
    }
}

/// <summary>A task-like type for <see cref="PlainTaskBuilder"/>.</summary>
public readonly struct PlainTask
{
    private readonly Task _task;

    internal PlainTask(Task task)
    {
        _task = task;
    }

    public TaskAwaiter GetAwaiter() => _task.GetAwaiter();
}

/// <summary>
/// A minimal async method builder: MoveNext runs directly in Start (no execution-context save and restore), and the
/// state machine is boxed once at its first await, continuations resuming that box.
/// </summary>
public struct PlainTaskBuilder
{
    private sealed class Shared
    {
        public readonly TaskCompletionSource Completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public IAsyncStateMachine Box;
    }

    private Shared _shared;

    public static PlainTaskBuilder Create() => new() { _shared = new Shared() };

    public PlainTask Task => new(_shared.Completion.Task);

    // Left unwoven (the weaver skips aggressive inlining), like the BCL's Start: the started method's span would
    // otherwise be the child of a Start span that ends at its first await.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Start<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine => stateMachine.MoveNext();

    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    // Unwoven too: the method's exit is recorded right before these calls, so their spans would start after it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetResult() => _shared.Completion.SetResult();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetException(Exception exception) => _shared.Completion.SetException(exception);

    // Unwoven as well: the continuation they schedule may finish the method (and record its exit) on another thread
    // before these calls return, so their spans would outlast it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion where TStateMachine : IAsyncStateMachine
        => awaiter.OnCompleted(BoxOf(ref stateMachine).MoveNext);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion where TStateMachine : IAsyncStateMachine
        => awaiter.OnCompleted(BoxOf(ref stateMachine).MoveNext); // OnCompleted: the execution context flows

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private IAsyncStateMachine BoxOf<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine
        => _shared.Box ??= stateMachine;
}
