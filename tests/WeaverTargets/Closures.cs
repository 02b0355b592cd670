namespace WeaverTargets;

public static class Closures
{
    public static int Apply(int value)
    {
        Func<int, int> square = x => x * x;
        return square(value);
    }

    public static int Local(int value)
    {
        return Twice(value) + Twice(1);

        static int Twice(int x) => x * 2;
    }

    public static string Capture(int count)
    {
        int total = 0;
        Action add = () => total += count;
        add();
        add();
        return $"{total}";
    }
}
