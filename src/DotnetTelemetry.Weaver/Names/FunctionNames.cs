using System.Text;
using dnlib.DotNet;

namespace DotnetTelemetry.Weaver.Names;

/// <summary>
/// The <c>function_name</c> of a method, as the developer wrote it: <c>Namespace.Outer.Inner&lt;T&gt;.Method&lt;U&gt;</c>.
/// Nested types are joined with '.', generic parameters keep their source names, overloads share a name
/// (file and line tell them apart). Compiler-generated names map back to the source:
/// <list type="bullet">
/// <item><c>&lt;Main&gt;$</c> (top-level statements) is <c>Program.Main</c>;</item>
/// <item>a lambda <c>&lt;Outer&gt;b__0_0</c> is <c>Type.Outer.&lt;lambda&gt;</c>;</item>
/// <item>a local function <c>&lt;Outer&gt;g__Local|0_0</c> is <c>Type.Outer.Local</c>;</item>
/// <item>closure and state-machine classes (<c>&lt;&gt;c</c>, <c>&lt;Outer&gt;d__3</c>) disappear into their declaring type;
/// async and iterator methods are named after the method the developer wrote, never <c>MoveNext</c>.</item>
/// </list>
/// </summary>
public static class FunctionNames
{
    public const string TopLevelMain = "<Main>$";

    /// <summary>The display name, with generic parameter lists.</summary>
    public static string Of(MethodDef method) => Build(method, withGenerics: true);

    /// <summary>The name selection globs are matched against: the display name without generic parameter lists.</summary>
    public static string ForMatching(MethodDef method) => Build(method, withGenerics: false);

    /// <summary>True for names that are the developer's code even though the compiler spelled them: top-level Main, lambdas, local functions.</summary>
    public static bool IsSourceMethodName(string name)
        => name == TopLevelMain || (TryParseGenerated(name, out _, out var kind, out _) && kind is 'b' or 'g');

    private static string Build(MethodDef method, bool withGenerics)
    {
        var builder = new StringBuilder();
        AppendType(builder, method.DeclaringType, withGenerics);
        if (builder.Length > 0) builder.Append('.');
        builder.Append(MethodPart(method.Name, withGenerics ? method.GenericParameters : null));
        return builder.ToString();
    }

    private static void AppendType(StringBuilder builder, TypeDef type, bool withGenerics)
    {
        var chain = new List<TypeDef>();
        for (var current = type; current is not null; current = current.DeclaringType) chain.Add(current);
        chain.Reverse();
        var outermost = chain[0];
        bool first = true;
        if (!UTF8String.IsNullOrEmpty(outermost.Namespace))
        {
            builder.Append(outermost.Namespace.String);
            first = false;
        }
        int inheritedGenerics = 0;
        foreach (var level in chain)
        {
            var name = level.Name.String;
            int ownGenerics = level.GenericParameters.Count - inheritedGenerics;
            if (name.StartsWith('<')) continue; // closure or state machine class: part of its declaring type
            int tick = name.IndexOf('`');
            if (tick >= 0) name = name[..tick];
            if (!first) builder.Append('.');
            builder.Append(name);
            first = false;
            if (withGenerics && ownGenerics > 0)
            {
                builder.Append('<');
                builder.Append(string.Join(",", level.GenericParameters.Skip(inheritedGenerics).Select(p => p.Name.String)));
                builder.Append('>');
            }
            inheritedGenerics = level.GenericParameters.Count;
        }
        if (builder.Length == 0 && outermost.Name.String.StartsWith('<'))
        {
            builder.Append("<generated>");
        }
    }

    private static string MethodPart(string name, IList<GenericParam>? generics)
    {
        string suffix = generics is { Count: > 0 } ? "<" + string.Join(",", generics.Select(g => g.Name.String)) + ">" : string.Empty;
        if (name == TopLevelMain) return "Main";
        if (!TryParseGenerated(name, out var outer, out var kind, out var rest)) return name + suffix;
        string outerName = outer == TopLevelMain ? "Main" : outer;
        return kind switch
        {
            'b' => outerName + ".<lambda>",
            'g' => outerName + "." + rest + suffix,
            _ => name + suffix,
        };
    }

    /// <summary>Parses Roslyn's <c>&lt;outer&gt;k__rest</c> names (k is the kind letter: b lambda, g local function, d state machine...).</summary>
    private static bool TryParseGenerated(string name, out string outer, out char kind, out string rest)
    {
        outer = rest = string.Empty;
        kind = '\0';
        if (!name.StartsWith('<')) return false;
        int depth = 0, close = -1;
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] == '<') depth++;
            else if (name[i] == '>' && --depth == 0) { close = i; break; }
        }
        if (close < 0 || close + 3 >= name.Length || name[close + 2] != '_' || name[close + 3] != '_') return false;
        outer = name[1..close];
        kind = name[close + 1];
        rest = name[(close + 4)..];
        int bar = rest.IndexOf('|');
        if (bar >= 0) rest = rest[..bar];
        return true;
    }
}
