using System.Runtime.InteropServices;

namespace WeaverTargets;

public class Basics
{
    private readonly int _factor;

    public Basics(int factor) => _factor = factor;

    public static int Add(int a, int b) => a + b;

    public int Scale(int value) => value * _factor;

    public static void DoNothing() { }

    public static string Classify(int value)
    {
        if (value < 0) return "negative";
        if (value == 0) return "zero";
        for (int i = 0; i < 10; i++)
        {
            if (i == value) return "small";
        }
        return "big";
    }

    public static string Switch(int value)
    {
        switch (value)
        {
            case 0: return "zero";
            case 1: return "one";
            case 2:
            case 3: return "few";
            default: return "many";
        }
    }

    public static long Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    public static int Gcd(int a, int b)
    {
    again:
        if (b == 0) return a;
        (a, b) = (b, a % b);
        goto again;
    }

    public virtual string Virtual() => "base";
}

public sealed class SubBasics : Basics
{
    public SubBasics() : base(2) { }

    public override string Virtual() => "sub:" + base.Virtual();
}

public struct MutableStruct
{
    public int Value;

    public MutableStruct(int value) => Value = value;

    public MutableStruct(int a, int b) : this(a) => Value += b;

    public void Bump() => Value++;
}

public readonly struct Point
{
    public readonly int X, Y;

    public Point(int x, int y) { X = x; Y = y; }

    public double Length() => Math.Sqrt(X * X + Y * Y);

    public static Point operator +(Point a, Point b) => new(a.X + b.X, a.Y + b.Y);

    public override string ToString() => $"({X},{Y})";
}

public static class RefOut
{
    public static void Swap(ref int a, out int b)
    {
        b = a;
        a = 99;
    }

    public static ref int At(int[] array, int index) => ref array[index];

    public static int Sum(in Point point) => point.X + point.Y;

    public static Span<byte> Slice(byte[] data, int start) => data.AsSpan(start);

    public static int SpanSum(int count)
    {
        Span<int> values = new int[count];
        for (int i = 0; i < values.Length; i++) values[i] = i;
        int sum = 0;
        foreach (var v in values) sum += v;
        return sum;
    }

    public static int StackSum(int count)
    {
        Span<int> values = stackalloc int[count];
        for (int i = 0; i < count; i++) values[i] = i * i;
        int sum = 0;
        foreach (var v in values) sum += v;
        return sum;
    }

    /// <summary>Its locals are not zeroed by the frame: the weaver must zero the probe's scope itself.</summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static int StackSumWithoutZeroing(int count)
    {
        Span<int> values = stackalloc int[count];
        for (int i = 0; i < count; i++) values[i] = i + 1;
        int sum = 0;
        foreach (var v in values) sum += v;
        return sum;
    }
}

public class Base
{
    public int Total;

    public Base(int start) => Total = start;
}

public sealed class Derived : Base
{
    private readonly int _extra = 100;

    public Derived(int start) : base(start < 0 ? throw new ArgumentOutOfRangeException(nameof(start), "negative start") : start)
    {
        Total += _extra;
    }

    public Derived() : this(7)
    {
        Total *= 2;
    }
}

public sealed class WithInitializers
{
    private readonly string _label = DateTime.MinValue.Year > 0 ? "init" : "never";
    private readonly int _count;

    public WithInitializers(int count)
    {
        _count = count;
    }

    public string Describe() => $"{_label}:{_count}";
}

public static class WithStaticCtor
{
    public static readonly string Value;

    static WithStaticCtor()
    {
        Value = "static:" + Basics.Add(1, 1);
    }
}

public sealed class Properties
{
    public string Name { get; set; }

    public int Computed => Name.Length * 10;
}

public sealed record Person(string Name, int Age);

public interface IGreeter
{
    string Greet(string name) => "hello " + name;
}

public sealed class Greeter : IGreeter { }

public static partial class Native
{
    [DllImport("libc", EntryPoint = "getpid")]
    public static extern int GetPid();
}

public static class TailCalls
{
    // F#-style tail calls are emitted with the tail. prefix; C# never does, so this target is plain recursion.
    public static int Call(int n) => n == 0 ? 0 : Call(n - 1) + 1;
}

public static unsafe class Unsafe
{
    public static int PointerSum(int[] values)
    {
        fixed (int* p = values)
        {
            int sum = 0;
            for (int i = 0; i < values.Length; i++) sum += p[i];
            return sum;
        }
    }
}
