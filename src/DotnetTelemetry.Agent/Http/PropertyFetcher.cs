using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace DotnetTelemetry.Agent.Http;

/// <summary>
/// Reads one named public instance property from objects whose type is known only at run time (DiagnosticListener
/// payloads, ASP.NET Core's HttpContext: the agent has no compile-time reference to them). Getters are compiled
/// once per type and cached with the type; the last type seen is kept in a field, so the usual case is one type
/// check and one delegate call, and a fetcher that sees several types in turn allocates nothing. Never throws: a
/// missing property reads as null.
/// </summary>
internal sealed class PropertyFetcher(string propertyName)
{
    private readonly ConcurrentDictionary<Type, Getters> _getters = new();
    private volatile Getters? _last;

    public string PropertyName { get; } = propertyName;

    public object? Fetch(object? instance)
    {
        if (instance is null)
        {
            return null;
        }
        try
        {
            return GettersFor(instance.GetType()).Value(instance);
        }
        catch
        {
            return null; // a property that throws (e.g. a feature missing on this server) is "absent"
        }
    }

    /// <summary>
    /// The property's value as text; null when absent or when the value's own ToString throws. The text is read
    /// by a getter of its own, so a struct value (StringValues, PathString, a status code...) is not boxed first.
    /// </summary>
    public string? FetchString(object? instance)
    {
        if (instance is null)
        {
            return null;
        }
        try
        {
            return GettersFor(instance.GetType()).Text(instance);
        }
        catch
        {
            return null;
        }
    }

    private Getters GettersFor(Type type)
    {
        var last = _last;
        if (last is not null && last.Type == type)
        {
            return last;
        }
        var getters = _getters.GetOrAdd(type, Build, PropertyName);
        _last = getters;
        return getters;
    }

    /// <summary>
    /// The getters for the property, or ones that read null when the property cannot be read this way (a ref-struct
    /// or pointer type, an open generic...): the failure is cached like a success, so it costs one attempt per type.
    /// </summary>
    private static Getters Build(Type type, string name)
    {
        try
        {
            var property = FindProperty(type, name);
            // A ref struct or a pointer cannot be handed out as an object: such a property reads as absent, text included.
            if (property?.GetMethod is not null && property.GetIndexParameters().Length == 0
                && !property.PropertyType.IsByRefLike && !property.PropertyType.IsPointer)
            {
                return new Getters(type, property);
            }
        }
        catch
        {
        }
        return new Getters(type, null);
    }

    /// <summary>(object)((T)instance).Property.</summary>
    private static Func<object, object?> CompileValue(PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var value = Expression.Property(Expression.Convert(instance, property.DeclaringType!), property);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(value, typeof(object)), instance).Compile();
    }

    /// <summary>((T)instance).Property?.ToString(), called on the value itself (a struct's own ToString, no box).</summary>
    private static Func<object, string?> CompileText(PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var value = Expression.Property(Expression.Convert(instance, property.DeclaringType!), property);
        var toString = typeof(object).GetMethod(nameof(ToString))!;
        Expression text;
        if (value.Type.IsValueType && Nullable.GetUnderlyingType(value.Type) is null)
        {
            text = Expression.Call(value, value.Type.GetMethod(nameof(ToString), Type.EmptyTypes) ?? toString);
        }
        else
        {
            // Read the property once, then ToString it when it is not null.
            var local = Expression.Variable(value.Type, "value");
            text = Expression.Block(typeof(string), new[] { local },
                Expression.Assign(local, value),
                Expression.Condition(
                    Expression.Equal(local, Expression.Constant(null, value.Type)),
                    Expression.Constant(null, typeof(string)),
                    Expression.Call(value.Type.IsValueType ? Expression.Convert(local, typeof(object)) : local, toString)));
        }
        return Expression.Lambda<Func<object, string?>>(text, instance).Compile();
    }

    /// <summary>The property on the type, else on one of its interfaces (HttpContext's features are often explicit implementations).</summary>
    private static PropertyInfo? FindProperty(Type type, string name)
    {
        try
        {
            return type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
                ?? type.GetInterfaces().Select(i => i.GetProperty(name)).FirstOrDefault(p => p is not null);
        }
        catch (AmbiguousMatchException)
        {
            return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => p.Name == name && p.DeclaringType == type);
        }
    }

    /// <summary>
    /// The getters of one type, each compiled on first use (a fetcher is mostly used one way: for the value or for
    /// its text), or reading null when the property is missing or cannot be compiled. Compiling twice in a race is
    /// harmless: both delegates read the same.
    /// </summary>
    private sealed class Getters(Type type, PropertyInfo? property)
    {
        private Func<object, object?>? _value;
        private Func<object, string?>? _text;

        public Type Type { get; } = type;

        public Func<object, object?> Value => _value ??= Compile(property, CompileValue, static _ => null);

        public Func<object, string?> Text => _text ??= Compile(property, CompileText, static _ => null);

        private static TDelegate Compile<TDelegate>(PropertyInfo? property, Func<PropertyInfo, TDelegate> compile, TDelegate absent)
        {
            if (property is null)
            {
                return absent;
            }
            try
            {
                return compile(property);
            }
            catch
            {
                return absent; // e.g. a ref-struct or pointer property: cached as absent, one attempt per type
            }
        }
    }
}
