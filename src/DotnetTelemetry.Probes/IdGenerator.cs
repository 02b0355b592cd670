using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace DotnetTelemetry.Probes;

/// <summary>
/// A per-thread xoshiro256** generator for W3C ids: a few shifts and multiplies, no lock, no allocation.
/// Each thread's state is seeded from the operating system's cryptographic random source, so ids of
/// different threads and processes do not collide in practice. Not for secrets.
/// </summary>
internal struct IdGenerator
{
    private ulong _s0, _s1, _s2, _s3;

    internal static IdGenerator CreateSeeded()
    {
        Span<ulong> seed = stackalloc ulong[4];
        try
        {
            RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(seed));
        }
        catch
        {
            // No OS random source (should not happen): still distinct per thread and per process.
            ulong mix = (ulong)System.Diagnostics.Stopwatch.GetTimestamp() ^ ((ulong)Environment.ProcessId << 32)
                        ^ (ulong)Environment.CurrentManagedThreadId ^ (ulong)DateTime.UtcNow.Ticks;
            for (int i = 0; i < seed.Length; i++) seed[i] = SplitMix(ref mix);
        }
        if ((seed[0] | seed[1] | seed[2] | seed[3]) == 0) seed[0] = 1; // the all-zero state never leaves zero
        return new IdGenerator { _s0 = seed[0], _s1 = seed[1], _s2 = seed[2], _s3 = seed[3] };
    }

    /// <summary>A random 64-bit value that is never 0 (a valid span id, or half of a trace id).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong NextNonZero()
    {
        ulong value;
        do
        {
            value = Next();
        }
        while (value == 0);
        return value;
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong Next()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }
}
