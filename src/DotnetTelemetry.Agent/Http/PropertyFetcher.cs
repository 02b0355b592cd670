using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace DotnetTelemetry.Agent.Http;

/// <summary>
/// Reads one named public instance property from objects whose type is known only at run time (DiagnosticListener
/// payloads, ASP.NET Core's HttpContext: the agent has no compile-time reference to them). A getter delegate is
/// compiled once per type and cached; the last type seen is kept in a field, so the usual case is one type check
/// and one delegate call. Never throws: a missing property reads as null.
/// </summary>
internal sealed class PropertyFetcher(string propertyName)
{
    private readonly ConcurrentDictionary<Type, Func<object, object?>> _getters = new();
    private volatile Entry? _last;

    public string PropertyName { get; } = propertyName;

    public object? Fetch(object? instance)
    {
        if (instance is null)
        {
            return null;
        }
        var type = instance.GetType();
        var last = _last;
        var getter = last is not null && last.Type == type ? last.Getter : GetterFor(type);
        try
        {
            return getter(instance);
        }
        catch
        {
            return null; // a property that throws (e.g. a feature missing on this server) is "absent"
        }
    }

    /// <summary>The property's value as text; null when absent or when the value's own ToString throws.</summary>
    public string? FetchString(object? instance)
    {
        var value = Fetch(instance);
        try
        {
            return value?.ToString();
        }
        catch
        {
            return null;
        }
    }

    private Func<object, object?> GetterFor(Type type)
    {
        var getter = _getters.GetOrAdd(type, Build, PropertyName);
        _last = new Entry(type, getter);
        return getter;
    }

    /// <summary>
    /// A getter for the property, or one that reads null when the property cannot be read this way (a ref-struct
    /// or pointer type, an open generic...): the failure is cached like a success, so it costs one attempt per type.
    /// </summary>
    private static Func<object, object?> Build(Type type, string name)
    {
        try
        {
            return Compile(type, name);
        }
        catch
        {
            return static _ => null;
        }
    }

    private static Func<object, object?> Compile(Type type, string name)
    {
        var property = FindProperty(type, name);
        if (property?.GetMethod is null || property.GetIndexParameters().Length != 0)
        {
            return static _ => null;
        }
        var instance = Expression.Parameter(typeof(object), "instance");
        var body = Expression.Convert(
            Expression.Property(Expression.Convert(instance, property.DeclaringType!), property),
            typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, instance).Compile();
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

    private sealed record Entry(Type Type, Func<object, object?> Getter);
}
