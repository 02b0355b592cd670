namespace WeaverTargets;

public static class Generics
{
    public static T Pick<T>(bool first, T a, T b) => first ? a : b;

    public static T Max<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) >= 0 ? a : b;

    public sealed class Holder<T>
    {
        private readonly T _value;

        public Holder(T value) => _value = value;

        public Holder() { }

        public (T, TOther) Pair<TOther>(TOther other) => (_value, other);

        public sealed class Inner<U>
        {
            public string Describe(T t, U u) => $"{typeof(T).Name}:{t}/{typeof(U).Name}:{u}";
        }
    }
}

public struct ValueHolder<T>
{
    private T _value;
    private int _reads;

    public ValueHolder(T value)
    {
        _value = value;
        _reads = 0;
    }

    public string Twice()
    {
        _reads++;
        _reads++;
        return $"{_value}x{_reads}";
    }
}
