using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Otlp.Model;

/// <summary>An OTLP <c>AnyValue</c> as we use it: a scalar, or an array of strings (e.g. <c>host.ip</c>).</summary>
internal readonly record struct OtlpValue
{
    private OtlpValue(AttributeValue scalar, string[]? strings)
    {
        Scalar = scalar;
        Strings = strings;
    }

    public AttributeValue Scalar { get; }

    /// <summary>Non-null for a string array.</summary>
    public string[]? Strings { get; }

    public bool IsArray => Strings is not null;

    public static OtlpValue Of(AttributeValue scalar) => new(scalar, null);
    public static OtlpValue OfStrings(string[] values) => new(default, values);

    public static implicit operator OtlpValue(string value) => Of(AttributeValue.Of(value));
    public static implicit operator OtlpValue(long value) => Of(AttributeValue.Of(value));
    public static implicit operator OtlpValue(bool value) => Of(AttributeValue.Of(value));
    public static implicit operator OtlpValue(double value) => Of(AttributeValue.Of(value));
    public static implicit operator OtlpValue(AttributeValue value) => Of(value);
}

/// <summary>An OTLP <c>KeyValue</c>.</summary>
internal readonly record struct OtlpAttribute(string Key, OtlpValue Value);

/// <summary>A list of attributes with helpers that skip absent values.</summary>
internal sealed class OtlpAttributes : List<OtlpAttribute>
{
    public void Add(string key, OtlpValue value) => Add(new OtlpAttribute(key, value));

    public void AddIfPresent(string key, string? value)
    {
        if (!string.IsNullOrEmpty(value)) Add(key, value);
    }

    public void AddIfPresent(string key, long? value)
    {
        if (value is { } v) Add(key, v);
    }
}
