using System.Runtime.CompilerServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// How a <see cref="Probe.VariableChange{T}"/> value rides in a record without allocating: primitives are
/// packed into <see cref="EventRecord.Argument"/> and the payload is a shared <see cref="PrimitiveValue"/>
/// marker naming the type, so the drain thread can decode them with <see cref="PrimitiveValue.Decode"/>.
/// </summary>
internal static class VariableValue
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryEncode<T>(T value, out long bits)
    {
        if (typeof(T) == typeof(int)) { bits = Unsafe.As<T, int>(ref value); return true; }
        if (typeof(T) == typeof(long)) { bits = Unsafe.As<T, long>(ref value); return true; }
        if (typeof(T) == typeof(bool)) { bits = Unsafe.As<T, bool>(ref value) ? 1 : 0; return true; }
        if (typeof(T) == typeof(double)) { bits = BitConverter.DoubleToInt64Bits(Unsafe.As<T, double>(ref value)); return true; }
        if (typeof(T) == typeof(float)) { bits = BitConverter.DoubleToInt64Bits(Unsafe.As<T, float>(ref value)); return true; }
        if (typeof(T) == typeof(short)) { bits = Unsafe.As<T, short>(ref value); return true; }
        if (typeof(T) == typeof(byte)) { bits = Unsafe.As<T, byte>(ref value); return true; }
        if (typeof(T) == typeof(sbyte)) { bits = Unsafe.As<T, sbyte>(ref value); return true; }
        if (typeof(T) == typeof(ushort)) { bits = Unsafe.As<T, ushort>(ref value); return true; }
        if (typeof(T) == typeof(uint)) { bits = Unsafe.As<T, uint>(ref value); return true; }
        if (typeof(T) == typeof(ulong)) { bits = (long)Unsafe.As<T, ulong>(ref value); return true; }
        if (typeof(T) == typeof(char)) { bits = Unsafe.As<T, char>(ref value); return true; }
        bits = 0;
        return false;
    }

    /// <summary>One shared marker object per primitive type (created once, never per event).</summary>
    internal static class Marker<T>
    {
        internal static readonly PrimitiveValue Instance = new(typeof(T));
    }
}

/// <summary>
/// The payload of a <see cref="EventKind.VariableChange"/> whose value is a primitive packed into
/// <see cref="EventRecord.Argument"/>: names the type so the drain can decode it.
/// </summary>
public sealed class PrimitiveValue
{
    internal PrimitiveValue(Type type) => Type = type;

    /// <summary>The variable's type (a primitive: integers, bool, char, float, double).</summary>
    public Type Type { get; }

    /// <summary>Turns the packed <paramref name="argument"/> back into a (boxed) value of <see cref="Type"/>.</summary>
    public object Decode(long argument)
    {
        if (Type == typeof(int)) return (int)argument;
        if (Type == typeof(long)) return argument;
        if (Type == typeof(bool)) return argument != 0;
        if (Type == typeof(double)) return BitConverter.Int64BitsToDouble(argument);
        if (Type == typeof(float)) return (float)BitConverter.Int64BitsToDouble(argument);
        if (Type == typeof(short)) return (short)argument;
        if (Type == typeof(byte)) return (byte)argument;
        if (Type == typeof(sbyte)) return (sbyte)argument;
        if (Type == typeof(ushort)) return (ushort)argument;
        if (Type == typeof(uint)) return (uint)argument;
        if (Type == typeof(ulong)) return (ulong)argument;
        if (Type == typeof(char)) return (char)argument;
        return argument;
    }

    /// <inheritdoc/>
    public override string ToString() => Type.Name;
}
