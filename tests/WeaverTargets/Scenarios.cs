using System.Runtime.CompilerServices;
using System.Text;

namespace WeaverTargets;

/// <summary>
/// Runs every construct and describes what happened (values, exceptions with their stack frames inside this
/// assembly, ref/out effects) as lines of text. The tests compare the lines of the woven and the original copy.
/// </summary>
public static class Scenarios
{
    public static List<string> RunAll()
    {
        var lines = new List<string>();
        void Run(string name, Func<object> body)
        {
            try
            {
                lines.Add($"{name} = {Describe(body())}");
            }
            catch (Exception e)
            {
                lines.Add($"{name} threw {Describe(e)}");
            }
        }

        Run("static", () => Basics.Add(2, 3));
        Run("instance", () => new Basics(10).Scale(4));
        Run("void", () => { Basics.DoNothing(); return "ok"; });
        Run("early returns", () => string.Join(",", Enumerable.Range(-2, 5).Select(Basics.Classify)));
        Run("switch", () => string.Join(",", Enumerable.Range(0, 5).Select(Basics.Switch)));
        Run("recursion", () => Basics.Factorial(10));
        Run("loop to start", () => Basics.Gcd(1071, 462));
        Run("struct mutation", () => { var s = new MutableStruct(); s.Bump(); s.Bump(); return s.Value; });
        Run("struct copy", () => { var s = new MutableStruct(); var copy = s; copy.Bump(); return $"{s.Value}/{copy.Value}"; });
        Run("struct ctor", () => new MutableStruct(5).Value);
        Run("struct this ctor", () => new MutableStruct(2, 3).Value);
        Run("readonly struct", () => new Point(3, 4).Length());
        Run("ref/out", () => { int a = 1; RefOut.Swap(ref a, out int b); return $"{a},{b}"; });
        Run("ref return", () => { var arr = new[] { 1, 2, 3 }; RefOut.At(arr, 1) = 42; return string.Join(",", arr); });
        Run("in param", () => RefOut.Sum(new Point(1, 2)));
        Run("span return", () => RefOut.Slice(new byte[] { 1, 2, 3, 4 }, 1).Length);
        Run("span local", () => RefOut.SpanSum(5));
        Run("stackalloc", () => RefOut.StackSum(8));
        Run("skip locals init", () => RefOut.StackSumWithoutZeroing(8));
        Run("generic method", () => Generics.Pick(true, "a", "b") + Generics.Pick(false, 1, 2));
        Run("generic constrained", () => Generics.Max(3, 9) + Generics.Max("x", "y"));
        Run("generic type", () => new Generics.Holder<string>("v").Pair(7).ToString());
        Run("generic struct", () => new ValueHolder<int>(4).Twice());
        Run("nested generic", () => new Generics.Holder<int>.Inner<string>().Describe(1, "s"));
        Run("default ctor chain", () => new Derived(3).Total);
        Run("ctor this chain", () => new Derived().Total);
        Run("ctor throws", () => new Derived(-1).Total);
        Run("field initializers", () => new WithInitializers(2).Describe());
        Run("static ctor", () => WithStaticCtor.Value);
        Run("throw only", () => Exceptions.ThrowOnly());
        Run("throw nested", () => Exceptions.Outer(3));
        Run("try catch", () => Exceptions.CatchAndReturn());
        Run("try finally", () => Exceptions.FinallyOrder());
        Run("filter", () => Exceptions.Filtered(2) + Exceptions.Filtered(5));
        Run("rethrow", () => Exceptions.Rethrow());
        Run("catch when false", () => Exceptions.FilterFalse());
        Run("nested handlers", () => Exceptions.Nested());
        Run("return from catch", () => Exceptions.ReturnFromCatch());
        Run("using", () => Exceptions.Using());
        Run("non-exception object", () => Exceptions.Checked(int.MaxValue));
        Run("lambda", () => Closures.Apply(5));
        Run("local function", () => Closures.Local(6));
        Run("capturing lambda", () => Closures.Capture(3));
        Run("iterator", () => string.Join(",", Iterators.Evens(4)));
        Run("iterator early break", () => Iterators.FirstOver(Iterators.Evens(100), 5));
        Run("iterator finally", () => Iterators.WithFinally());
        Run("iterator throws", () => string.Join(",", Iterators.Throwing(2)));
        Run("generic iterator", () => string.Join(",", Iterators.Repeat("ab", 3)));
        Run("async Task", () => { Async.DelayAsync().GetAwaiter().GetResult(); return "done"; });
        Run("async Task<T>", () => Async.SumAsync(4).GetAwaiter().GetResult());
        Run("async ValueTask", () => { Async.ValueAsync().GetAwaiter().GetResult(); return "done"; });
        Run("async ValueTask<T>", () => Async.ValueOfAsync(7).GetAwaiter().GetResult());
        Run("async sync completion", () => Async.NoAwaitAsync(3).GetAwaiter().GetResult());
        Run("async throws", () => Async.ThrowAfterAwaitAsync().GetAwaiter().GetResult());
        Run("async throws sync", () => Async.ThrowBeforeAwaitAsync().GetAwaiter().GetResult());
        Run("async void", () => Async.RunAsyncVoid());
        Run("async generic", () => Async.EchoAsync("g").GetAwaiter().GetResult() + new Async.Box<int>(2).MapAsync(x => x * 10).GetAwaiter().GetResult());
        Run("async try/finally", () => Async.WithFinallyAsync().GetAwaiter().GetResult());
        Run("async lambda", () => Async.LambdaAsync().GetAwaiter().GetResult());
        Run("async iterator", () => Async.CollectAsync(Async.CountAsync(3)).GetAwaiter().GetResult());
        Run("async iterator early break", () => Async.FirstAsync(Async.CountAsync(10)).GetAwaiter().GetResult());
        Run("async iterator throws", () => Async.CollectAsync(Async.ThrowingAsync()).GetAwaiter().GetResult());
        Run("custom builders and cancellation", () => CustomBuilders.RunAll());
        Run("tail call", () => TailCalls.Call(5));
        Run("properties", () => { var p = new Properties { Name = "n" }; return p.Name + p.Computed; });
        Run("record", () => new Person("Ada", 36) with { Age = 37 });
        Run("interface default", () => ((IGreeter)new Greeter()).Greet("x"));
        Run("virtual/override", () => ((Basics)new Basics(1)).Virtual() + new SubBasics().Virtual());
        Run("operator", () => (new Point(1, 1) + new Point(2, 2)).ToString());
        Run("pinvoke", () => Native.GetPid() > 0);
        Run("big method", () => BigMethod.Sum(3));
        Run("unsafe pointer", () => Unsafe.PointerSum(new[] { 1, 2, 3 }));
        return lines;
    }

    /// <summary>A value, or an exception with its type, message and the frames inside this assembly (method, file:line).</summary>
    public static string Describe(object value)
    {
        if (value is Exception e)
        {
            var builder = new StringBuilder($"{e.GetType().FullName}: {e.Message}");
            var trace = new System.Diagnostics.StackTrace(e, fNeedFileInfo: true);
            foreach (var frame in trace.GetFrames())
            {
                var method = frame.GetMethod();
                if (method?.DeclaringType?.Assembly != typeof(Scenarios).Assembly) continue;
                builder.Append($" | at {method.DeclaringType!.Name}.{method.Name} {Path.GetFileName(frame.GetFileName())}:{frame.GetFileLineNumber()}");
            }
            if (e.InnerException is { } inner) builder.Append(" inner: ").Append(Describe(inner));
            return builder.ToString();
        }
        return value switch
        {
            null => "null",
            string s => $"\"{s}\"",
            _ => $"{value} ({value.GetType().Name})",
        };
    }
}
