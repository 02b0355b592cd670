namespace WeaverTargets;

public static class Async
{
    public static async Task DelayAsync() => await Task.Delay(5);

    public static async Task<int> SumAsync(int count)
    {
        int sum = 0;
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            sum += i;
        }
        return sum;
    }

    public static async ValueTask ValueAsync() => await Task.Delay(1);

    public static async ValueTask<int> ValueOfAsync(int value)
    {
        await Task.Yield();
        return value * 3;
    }

#pragma warning disable CS1998 // async without await: the synchronous-completion path
    public static async Task<int> NoAwaitAsync(int value) => value + 1;

    public static async Task<int> ThrowBeforeAwaitAsync() => throw new NotSupportedException("before await");
#pragma warning restore CS1998

    public static async Task<int> ThrowAfterAwaitAsync()
    {
        await Task.Yield();
        throw new InvalidOperationException("after await");
    }

    public static string RunAsyncVoid()
    {
        using var done = new ManualResetEventSlim();
        string result = null;
        async void Fire()
        {
            await Task.Yield();
            result = "void ran";
            done.Set();
        }
        Fire();
        done.Wait(TimeSpan.FromSeconds(10));
        return result;
    }

    public static async Task<T> EchoAsync<T>(T value)
    {
        await Task.Yield();
        return value;
    }

    public sealed class Box<T>
    {
        private readonly T _value;

        public Box(T value) => _value = value;

        public async Task<TResult> MapAsync<TResult>(Func<T, TResult> map)
        {
            await Task.Yield();
            return map(_value);
        }
    }

    public static async Task<string> WithFinallyAsync()
    {
        var log = new List<string>();
        try
        {
            await Task.Yield();
            log.Add("body");
            throw new TimeoutException("t");
        }
        catch (TimeoutException e)
        {
            log.Add("catch " + e.Message);
        }
        finally
        {
            log.Add("finally");
        }
        return string.Join(",", log);
    }

    public static async Task<int> LambdaAsync()
    {
        Func<int, Task<int>> twice = async x =>
        {
            await Task.Yield();
            return x * 2;
        };
        return await twice(21);
    }

    public static async IAsyncEnumerable<int> CountAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return i;
        }
    }

    public static async IAsyncEnumerable<int> ThrowingAsync()
    {
        yield return 1;
        await Task.Yield();
        throw new InvalidDataException("async iterator broke");
    }

    public static async Task<string> CollectAsync(IAsyncEnumerable<int> source)
    {
        var items = new List<int>();
        await foreach (var item in source) items.Add(item);
        return string.Join(",", items);
    }

    public static async Task<int> FirstAsync(IAsyncEnumerable<int> source)
    {
        await foreach (var item in source)
        {
            if (item >= 2) return item;
        }
        return -1;
    }
}
