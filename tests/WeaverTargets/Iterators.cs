namespace WeaverTargets;

public static class Iterators
{
    public static readonly List<string> Log = new();

    public static IEnumerable<int> Evens(int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return i * 2;
        }
    }

    public static int FirstOver(IEnumerable<int> values, int limit)
    {
        foreach (var value in values)
        {
            if (value > limit) return value;
        }
        return -1;
    }

    public static string WithFinally()
    {
        Log.Clear();
        foreach (var item in Guarded())
        {
            Log.Add("item" + item);
            if (item == 1) break;
        }
        return string.Join(",", Log);
    }

    private static IEnumerable<int> Guarded()
    {
        try
        {
            yield return 0;
            yield return 1;
            yield return 2;
        }
        finally
        {
            Log.Add("finally");
        }
    }

    public static IEnumerable<int> Throwing(int okCount)
    {
        for (int i = 0; i < okCount; i++) yield return i;
        throw new InvalidDataException("iterator broke");
    }

    public static IEnumerable<T> Repeat<T>(T value, int count)
    {
        for (int i = 0; i < count; i++) yield return value;
    }
}
