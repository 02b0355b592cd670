using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DotnetTelemetry.Schema.Validation;

/// <summary>
/// A JSON Schema (draft 2020-12) validator for the keywords the telemetry v3 schema uses, with messages
/// written for people ("trace_id "0af7…" (31 characters) does not match …"). It refuses to compile a
/// schema that uses any other keyword, so an edit to the schema can never be silently ignored here.
/// ajv checks the same schema independently in the tests.
/// </summary>
public sealed class JsonSchemaValidator
{
    private readonly SchemaNode _root;
    private readonly Dictionary<string, SchemaNode> _definitions;

    private JsonSchemaValidator(JsonElement schema)
    {
        _definitions = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$defs", out var defs))
        {
            foreach (var definition in defs.EnumerateObject())
            {
                _definitions["#/$defs/" + definition.Name] = SchemaNode.Compile(definition.Value, "$defs/" + definition.Name);
            }
        }
        _root = SchemaNode.Compile(schema, "");
        _root.ResolveReferences(_definitions);
        foreach (var definition in _definitions.Values) definition.ResolveReferences(_definitions);
    }

    /// <summary>The telemetry v3 schema embedded in this assembly, compiled once.</summary>
    public static JsonSchemaValidator TelemetryV3 => Embedded.Value;

    private static readonly Lazy<JsonSchemaValidator> Embedded = new(() => Compile(TelemetrySchema.Json));

    /// <summary>Compiles a schema; throws <see cref="NotSupportedException"/> for keywords this validator does not implement.</summary>
    public static JsonSchemaValidator Compile(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        return new JsonSchemaValidator(document.RootElement.Clone());
    }

    /// <summary>Validates one instance; appends one readable reason per violation. True when valid.</summary>
    public bool Validate(JsonElement instance, List<string> errors)
    {
        var before = errors.Count;
        new Evaluation(errors).Check(_root, instance, "");
        return errors.Count == before;
    }

    /// <summary>
    /// One pass over an instance. A null error list means "just tell me whether it matches" (if, anyOf):
    /// then no reason is formatted, which matters because most `if` conditions fail on every event.
    /// </summary>
    private readonly struct Evaluation(List<string>? errors)
    {
        public bool Check(SchemaNode node, JsonElement value, string path, string? rule = null)
        {
            if (node.Always is { } always)
            {
                return always || (errors is not null && Fail(rule, $"{Name(path)} is not allowed"));
            }
            if (node.Reference is { } reference && !Check(reference, value, path, rule)) return false;
            if (node.Types is { } types && !HasAnyType(value, types))
            {
                return errors is not null && Fail(rule, $"{Name(path)} must be {string.Join(" or ", types)}, not {Describe(value)}");
            }

            var valid = true;
            if (node.Const is { } constant && !Matches(constant, node.ConstString, value))
            {
                valid = (errors is not null && Fail(rule, $"{Name(path)} must be {constant.GetRawText()}, not {Describe(value)}"));
            }
            if (node.Enum is { } allowed && !MatchesAny(allowed, node.EnumStrings!, value))
            {
                valid = errors is not null && Fail(rule, $"{Name(path)} {Describe(value)} is not one of: {string.Join(", ", allowed.Select(Plain))}");
            }
            if (value.ValueKind == JsonValueKind.String) valid &= CheckString(node, value, path, rule);
            if (value.ValueKind == JsonValueKind.Number) valid &= CheckNumber(node, value, path, rule);
            if (value.ValueKind == JsonValueKind.Object) valid &= CheckObject(node, value, path, rule);

            if (node.AllOf is { } allOf)
            {
                foreach (var part in allOf) valid &= Check(part, value, path, part.Description ?? rule);
            }
            if (node.AnyOf is { } anyOf) valid &= CheckAnyOf(anyOf, node.Description, value, path, rule);
            if (node.If is { } condition)
            {
                var branch = new Evaluation(null).Check(condition, value, path) ? node.Then : node.Else;
                if (branch is not null) valid &= Check(branch, value, path, rule);
            }
            return valid;
        }

        private bool CheckString(SchemaNode node, JsonElement value, string path, string? rule)
        {
            var text = value.GetString()!;
            var valid = true;
            if (node.MinLength is { } minLength && CountCodePoints(text) < minLength)
            {
                valid = errors is not null && Fail(rule, minLength == 1 ? $"{Name(path)} must not be empty" : $"{Name(path)} {Describe(value)} is shorter than {minLength} characters");
            }
            if (node.Pattern is { } pattern && !pattern.IsMatch(text))
            {
                var why = node.Description is { } description ? $": {description}" : "";
                valid = (errors is not null && Fail(rule, $"{Name(path)} {Describe(value)} does not match {pattern}{why}"));
            }
            if (node.Format == "date-time" && !Rfc3339.TryParse(text, out _))
            {
                valid = (errors is not null && Fail(rule, $"{Name(path)} {Describe(value)} is not an RFC 3339 date-time"));
            }
            return valid;
        }

        private bool CheckNumber(SchemaNode node, JsonElement value, string path, string? rule)
        {
            var number = value.GetDouble();
            var valid = true;
            if (node.Minimum is { } minimum && number < minimum)
            {
                valid = (errors is not null && Fail(rule, $"{Name(path)} {value.GetRawText()} is below the minimum {Plain(minimum)}"));
            }
            if (node.Maximum is { } maximum && number > maximum)
            {
                valid = (errors is not null && Fail(rule, $"{Name(path)} {value.GetRawText()} is above the maximum {Plain(maximum)}"));
            }
            return valid;
        }

        private bool CheckObject(SchemaNode node, JsonElement value, string path, string? rule)
        {
            var valid = true;
            if (node.MinProperties is { } minProperties && CountProperties(value, minProperties) < minProperties)
            {
                valid = (errors is not null && Fail(rule, $"{Name(path)} must not be an empty object (leave it out instead)"));
            }
            if (node.Required is { } required)
            {
                foreach (var name in required)
                {
                    if (!value.TryGetProperty(name, out _)) valid = (errors is not null && Fail(rule, $"{Name(Join(path, name))} is missing"));
                }
            }
            if (node.DependentRequired is { } dependentRequired)
            {
                foreach (var (name, needed) in dependentRequired)
                {
                    if (!value.TryGetProperty(name, out _)) continue;
                    foreach (var other in needed)
                    {
                        if (!value.TryGetProperty(other, out _)) valid = (errors is not null && Fail(rule, $"{Name(Join(path, other))} is missing (it goes with {name})"));
                    }
                }
            }
            if (node.AdditionalProperties is null)
            {
                // Only the named properties matter (the common case inside if/then rules): look them up.
                if (node.Properties is { } named)
                {
                    foreach (var (name, propertySchema) in named)
                    {
                        if (value.TryGetProperty(name, out var propertyValue)) valid &= Check(propertySchema, propertyValue, Join(path, name), rule);
                    }
                }
                return valid;
            }
            foreach (var property in value.EnumerateObject())
            {
                if (node.Properties is { } properties && properties.TryGetValue(property.Name, out var propertySchema))
                {
                    valid &= Check(propertySchema, property.Value, Join(path, property.Name), rule);
                }
                else if (node.AdditionalProperties.Always == false)
                {
                    valid &= errors is not null && Fail(rule, $"{(path.Length == 0 ? "event" : path)}: unknown field '{property.Name}'");
                }
                else
                {
                    valid &= Check(node.AdditionalProperties, property.Value, Join(path, property.Name), rule);
                }
            }
            return valid;
        }

        private bool CheckAnyOf(SchemaNode[] anyOf, string? description, JsonElement value, string path, string? rule)
        {
            foreach (var option in anyOf)
            {
                if (new Evaluation(null).Check(option, value, path)) return true;
            }
            if (errors is null) return false;

            // Report the reasons of the one alternative whose type fits (e.g. a string parent_span_id that
            // is not a span id), rather than a list of every alternative that was never meant.
            var fitting = anyOf.Where(option => option.EffectiveTypes?.Any(type => HasType(value, type)) ?? true).ToList();
            if (fitting.Count == 1) return Check(fitting[0], value, path, rule);
            if (fitting.Count == 0)
            {
                var types = anyOf.SelectMany(option => option.EffectiveTypes ?? Array.Empty<string>()).Distinct();
                return Fail(rule, $"{Name(path)} must be {string.Join(" or ", types)}, not {Describe(value)}");
            }
            var why = description ?? string.Join("; or ", fitting.Select(option =>
            {
                var reasons = new List<string>();
                new Evaluation(reasons).Check(option, value, path);
                return string.Join(", ", reasons);
            }));
            return Fail(rule, $"{Name(path)} {Describe(value)} fits none of the allowed forms: {why}");
        }

        private bool Fail(string? rule, string reason)
        {
            errors?.Add(rule is null ? reason : $"{reason} (rule: {rule})");
            return false;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Name(string path) => path.Length == 0 ? "the event" : path;

    internal static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        // JSON Schema counts 1.0 as an integer: any number with no fractional part.
        "integer" => value.ValueKind == JsonValueKind.Number && (value.TryGetInt64(out _) || Math.Floor(value.GetDouble()) == value.GetDouble()),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static bool HasAnyType(JsonElement value, string[] types)
    {
        foreach (var type in types)
        {
            if (HasType(value, type)) return true;
        }
        return false;
    }

    // Strings (all of this schema's consts and enums) are compared in place, without materialising the instance's text.
    private static bool Matches(JsonElement constant, string? constantString, JsonElement value) => constantString is not null
        ? value.ValueKind == JsonValueKind.String && value.ValueEquals(constantString)
        : JsonEquals(constant, value);

    private static bool MatchesAny(JsonElement[] options, string?[] optionStrings, JsonElement value)
    {
        for (var i = 0; i < options.Length; i++)
        {
            if (Matches(options[i], optionStrings[i], value)) return true;
        }
        return false;
    }

    private static int CountProperties(JsonElement value, int enough)
    {
        var count = 0;
        foreach (var _ in value.EnumerateObject())
        {
            if (++count >= enough) break;
        }
        return count;
    }

    private static bool JsonEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind) return false;
        return a.ValueKind switch
        {
            JsonValueKind.String => a.GetString() == b.GetString(),
            JsonValueKind.Number => a.GetDouble() == b.GetDouble(),
            JsonValueKind.Array => a.GetArrayLength() == b.GetArrayLength() &&
                                   a.EnumerateArray().Zip(b.EnumerateArray()).All(pair => JsonEquals(pair.First, pair.Second)),
            JsonValueKind.Object => a.EnumerateObject().Count() == b.EnumerateObject().Count() &&
                                    a.EnumerateObject().All(p => b.TryGetProperty(p.Name, out var other) && JsonEquals(p.Value, other)),
            _ => true,
        };
    }

    private static int CountCodePoints(string text) => text.EnumerateRunes().Count();

    private static string Plain(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string Plain(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A value as a reader needs to see it: strings quoted with their length, long text cut.</summary>
    internal static string Describe(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                var shown = text.Length > 80 ? text[..77] + "..." : text;
                var length = CountCodePoints(text);
                return $"\"{shown}\" ({length} character{(length == 1 ? "" : "s")})";
            case JsonValueKind.Object: return "an object";
            case JsonValueKind.Array: return "an array";
            case JsonValueKind.Null: return "null";
            default: return value.GetRawText();
        }
    }

    /// <summary>One compiled (sub)schema.</summary>
    private sealed class SchemaNode
    {
        private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
        {
            "$schema", "$id", "$defs", "$comment", "title", "description", "examples",
        };

        public bool? Always { get; private init; }
        public string? Description { get; private init; }
        public string[]? Types { get; private init; }
        public string? ReferenceText { get; private init; }
        public SchemaNode? Reference { get; private set; }
        public JsonElement? Const { get; private init; }
        public string? ConstString { get; private init; }
        public JsonElement[]? Enum { get; private init; }
        public string?[]? EnumStrings { get; private init; }
        public Regex? Pattern { get; private init; }
        public string? Format { get; private init; }
        public int? MinLength { get; private init; }
        public double? Minimum { get; private init; }
        public double? Maximum { get; private init; }
        public int? MinProperties { get; private init; }
        public string[]? Required { get; private init; }
        public Dictionary<string, string[]>? DependentRequired { get; private init; }
        public Dictionary<string, SchemaNode>? Properties { get; private init; }
        public SchemaNode? AdditionalProperties { get; private init; }
        public SchemaNode[]? AllOf { get; private init; }
        public SchemaNode[]? AnyOf { get; private init; }
        public SchemaNode? If { get; private init; }
        public SchemaNode? Then { get; private init; }
        public SchemaNode? Else { get; private init; }

        /// <summary>The types this node admits, following a $ref (null: any type).</summary>
        public string[]? EffectiveTypes => Types ?? Reference?.EffectiveTypes;

        public static SchemaNode Compile(JsonElement schema, string location)
        {
            if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False) return new SchemaNode { Always = schema.GetBoolean() };
            if (schema.ValueKind != JsonValueKind.Object) throw new FormatException($"schema at '{location}' must be an object or a boolean");

            foreach (var keyword in schema.EnumerateObject())
            {
                if (!Annotations.Contains(keyword.Name) && !Supported.Contains(keyword.Name))
                {
                    throw new NotSupportedException($"schema keyword '{keyword.Name}' at '{location}' is not supported by {nameof(JsonSchemaValidator)}");
                }
            }

            JsonElement Get(string name) => schema.TryGetProperty(name, out var value) ? value : default;
            bool Has(string name) => schema.TryGetProperty(name, out _);
            SchemaNode? Sub(string name) => Has(name) ? Compile(Get(name), location + "/" + name) : null;
            SchemaNode[]? List(string name) => Has(name)
                ? Get(name).EnumerateArray().Select((item, i) => Compile(item, $"{location}/{name}/{i}")).ToArray()
                : null;

            return new SchemaNode
            {
                Description = Has("description") ? Get("description").GetString() : null,
                Types = !Has("type") ? null
                    : Get("type").ValueKind == JsonValueKind.Array ? Get("type").EnumerateArray().Select(t => t.GetString()!).ToArray()
                    : new[] { Get("type").GetString()! },
                ReferenceText = Has("$ref") ? Get("$ref").GetString() : null,
                Const = Has("const") ? Get("const").Clone() : null,
                ConstString = Has("const") ? StringOrNull(Get("const")) : null,
                Enum = Has("enum") ? Get("enum").EnumerateArray().Select(e => e.Clone()).ToArray() : null,
                EnumStrings = Has("enum") ? Get("enum").EnumerateArray().Select(StringOrNull).ToArray() : null,
                // JSON Schema patterns are ECMAScript regular expressions, unanchored.
                Pattern = Has("pattern") ? new Regex(Get("pattern").GetString()!, RegexOptions.ECMAScript | RegexOptions.Compiled) : null,
                Format = Has("format") ? SupportedFormat(Get("format").GetString()!, location) : null,
                MinLength = Has("minLength") ? Get("minLength").GetInt32() : null,
                Minimum = Has("minimum") ? Get("minimum").GetDouble() : null,
                Maximum = Has("maximum") ? Get("maximum").GetDouble() : null,
                MinProperties = Has("minProperties") ? Get("minProperties").GetInt32() : null,
                Required = Has("required") ? Get("required").EnumerateArray().Select(r => r.GetString()!).ToArray() : null,
                DependentRequired = Has("dependentRequired")
                    ? Get("dependentRequired").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(r => r.GetString()!).ToArray())
                    : null,
                Properties = Has("properties")
                    ? Get("properties").EnumerateObject().ToDictionary(p => p.Name, p => Compile(p.Value, $"{location}/properties/{p.Name}"), StringComparer.Ordinal)
                    : null,
                AdditionalProperties = Sub("additionalProperties"),
                AllOf = List("allOf"),
                AnyOf = List("anyOf"),
                If = Sub("if"),
                Then = Sub("then"),
                Else = Sub("else"),
            };
        }

        private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
        {
            "type", "$ref", "const", "enum", "pattern", "format", "minLength", "minimum", "maximum", "minProperties",
            "required", "dependentRequired", "properties", "additionalProperties", "allOf", "anyOf", "if", "then", "else",
        };

        private static string? StringOrNull(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static string SupportedFormat(string format, string location) => format == "date-time"
            ? format
            : throw new NotSupportedException($"format '{format}' at '{location}' is not supported by {nameof(JsonSchemaValidator)}");

        public void ResolveReferences(Dictionary<string, SchemaNode> definitions)
        {
            if (ReferenceText is not null)
            {
                Reference = definitions.TryGetValue(ReferenceText, out var target)
                    ? target
                    : throw new NotSupportedException($"$ref '{ReferenceText}' is not a local #/$defs/ reference");
            }
            foreach (var child in Children()) child.ResolveReferences(definitions);
        }

        private IEnumerable<SchemaNode> Children()
        {
            if (Properties is not null) foreach (var node in Properties.Values) yield return node;
            if (AdditionalProperties is not null) yield return AdditionalProperties;
            if (AllOf is not null) foreach (var node in AllOf) yield return node;
            if (AnyOf is not null) foreach (var node in AnyOf) yield return node;
            if (If is not null) yield return If;
            if (Then is not null) yield return Then;
            if (Else is not null) yield return Else;
        }
    }
}
