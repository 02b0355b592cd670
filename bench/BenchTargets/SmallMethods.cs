using System.Runtime.CompilerServices;

namespace BenchTargets;

/// <summary>Small methods whose own cost is a few nanoseconds, so the probes' cost dominates.</summary>
public static class SmallMethods
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Add(int a, int b) => a + b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<int> AddAsync(int a, int b)
    {
        await Task.CompletedTask; // completes synchronously: measures the state machine, not the scheduler
        return a + b;
    }
}
