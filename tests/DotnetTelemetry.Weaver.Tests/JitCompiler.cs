using System.Reflection;
using System.Runtime.CompilerServices;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>
/// JIT-compiles every method with a body in an assembly (RuntimeHelpers.PrepareMethod). Generic types and
/// methods are instantiated with the first of a few candidate type arguments their constraints accept; those
/// no candidate satisfies are counted, not compiled.
/// </summary>
internal static class JitCompiler
{
    private static readonly Type[] Candidates = { typeof(object), typeof(int), typeof(string), typeof(Exception), typeof(DateTime) };

    public sealed class Result
    {
        public int Compiled;
        public int OpenGenericsNotInstantiated;
        public readonly List<string> InvalidPrograms = new();
        /// <summary>Failures other than InvalidProgramException (missing optional dependencies and the like), by method.</summary>
        public readonly Dictionary<string, string> OtherFailures = new();
    }

    public static Result CompileAll(Assembly assembly)
    {
        var result = new Result();
        Type[] types;
        try { types = assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { types = e.Types.Where(t => t is not null).ToArray()!; }

        foreach (var type in types)
        {
            var closed = Close(type);
            if (closed is null)
            {
                result.OpenGenericsNotInstantiated += SafeMethods(type).Count();
                continue;
            }
            foreach (var method in SafeMethods(closed))
            {
                Compile(method, result);
            }
        }
        return result;
    }

    private static void Compile(MethodBase method, Result result)
    {
        if (method.IsAbstract || (method.MethodImplementationFlags & MethodImplAttributes.Runtime) != 0) return;
        if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0 || (method.MethodImplementationFlags & MethodImplAttributes.InternalCall) != 0) return;
        if (method.IsGenericMethodDefinition && method is MethodInfo generic)
        {
            var instance = Close(generic);
            if (instance is null)
            {
                result.OpenGenericsNotInstantiated++;
                return;
            }
            method = instance;
        }
        try
        {
            Prepare(method);
            result.Compiled++;
        }
        catch (InvalidProgramException e)
        {
            result.InvalidPrograms.Add($"{method.DeclaringType}.{method}: {e.Message}");
        }
        catch (Exception e)
        {
            result.OtherFailures[$"{method.DeclaringType}.{method}"] = e.GetType().Name;
        }
    }

    /// <summary>PrepareMethod wants the declaring type's instantiation, followed by the method's own for generic methods.</summary>
    private static void Prepare(MethodBase method)
    {
        var typeArguments = method.DeclaringType!.IsGenericType ? method.DeclaringType.GetGenericArguments() : Type.EmptyTypes;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : Type.EmptyTypes;
        var instantiation = typeArguments.Concat(methodArguments).Select(t => t.TypeHandle).ToArray();
        if (instantiation.Length == 0) RuntimeHelpers.PrepareMethod(method.MethodHandle);
        else RuntimeHelpers.PrepareMethod(method.MethodHandle, instantiation);
    }

    private static IEnumerable<MethodBase> SafeMethods(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        MethodBase[] methods;
        try { methods = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)).ToArray(); }
        catch (Exception) { methods = Array.Empty<MethodBase>(); }
        return methods;
    }

    private static Type? Close(Type type)
    {
        if (!type.IsGenericTypeDefinition) return type;
        int count = type.GetGenericArguments().Length;
        foreach (var candidate in Candidates)
        {
            try { return type.MakeGenericType(Enumerable.Repeat(candidate, count).ToArray()); }
            catch (ArgumentException) { }
            catch (TypeLoadException) { }
        }
        return null;
    }

    private static MethodInfo? Close(MethodInfo method)
    {
        int count = method.GetGenericArguments().Length;
        foreach (var candidate in Candidates)
        {
            try { return method.MakeGenericMethod(Enumerable.Repeat(candidate, count).ToArray()); }
            catch (ArgumentException) { }
            catch (TypeLoadException) { }
        }
        return null;
    }
}
