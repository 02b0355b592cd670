using System.Text.RegularExpressions;

namespace DotnetTelemetry.Weaver.Selection;

/// <summary>
/// Which methods get woven. Syntax (the same in <c>DOTNET_TELEMETRY_INCLUDE</c>/<c>_EXCLUDE</c> and on the CLI):
/// a <c>;</c>-separated list of patterns; <c>*</c> matches any run of characters, <c>?</c> one character.
/// <list type="bullet">
/// <item><c>MyApp.Orders.*</c> matches function names (<c>Namespace.Type.Method</c>, without generic lists).
/// A pattern also matches everything below it: <c>MyApp.Orders</c> selects the type's (or namespace's) methods.</item>
/// <item><c>[MyApp*]</c> restricts to assemblies; <c>[MyApp]MyApp.Orders.*</c> combines both.</item>
/// <item>A leading <c>!</c> in an include list makes that pattern an exclusion.</item>
/// </list>
/// No include pattern: the app's own assemblies, every method. Any include pattern: only what it matches, in any
/// assembly of the app that is not the .NET framework's nor ours. Exclusions always win.
/// </summary>
public sealed class SelectionRules
{
    private readonly List<Pattern> _includes;
    private readonly List<Pattern> _excludes;

    private SelectionRules(List<Pattern> includes, List<Pattern> excludes)
    {
        _includes = includes;
        _excludes = excludes;
    }

    public static SelectionRules Default { get; } = new(new(), new());

    public bool HasIncludes => _includes.Count > 0;

    /// <summary>A stable text form, part of the weave cache key.</summary>
    public string Key => string.Join(";", _includes.Select(p => p.Text)) + "|" + string.Join(";", _excludes.Select(p => p.Text));

    public static SelectionRules Parse(string? include, string? exclude)
    {
        var includes = new List<Pattern>();
        var excludes = new List<Pattern>();
        foreach (var item in Split(include))
        {
            if (item.StartsWith('!')) { if (item.Length > 1) excludes.Add(new Pattern(item[1..])); }
            else includes.Add(new Pattern(item));
        }
        foreach (var item in Split(exclude))
        {
            excludes.Add(new Pattern(item.TrimStart('!')));
        }
        return new SelectionRules(includes, excludes);
    }

    public static SelectionRules FromEnvironment()
        => Parse(Environment.GetEnvironmentVariable("DOTNET_TELEMETRY_INCLUDE"), Environment.GetEnvironmentVariable("DOTNET_TELEMETRY_EXCLUDE"));

    /// <summary>Whether an assembly could have selected methods at all (cheap pre-check before loading it).</summary>
    public bool MayWeaveAssembly(string assemblyName, bool isOwnAssembly)
    {
        if (_excludes.Any(p => p.ExcludesWholeAssembly(assemblyName))) return false;
        return HasIncludes ? _includes.Any(p => p.MatchesAssembly(assemblyName)) : isOwnAssembly;
    }

    public bool IsSelected(string assemblyName, string functionName)
    {
        if (_excludes.Any(p => p.Matches(assemblyName, functionName))) return false;
        return !HasIncludes || _includes.Any(p => p.Matches(assemblyName, functionName));
    }

    private static IEnumerable<string> Split(string? list)
        => (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed class Pattern
    {
        private readonly Regex? _assembly;
        private readonly Regex? _name;

        public Pattern(string text)
        {
            Text = text;
            string namePart = text;
            if (text.StartsWith('['))
            {
                int close = text.IndexOf(']');
                if (close < 0) throw new FormatException($"selection pattern '{text}': missing ']' after the assembly name");
                _assembly = Glob(text[1..close], allowChildren: false);
                namePart = text[(close + 1)..];
            }
            if (namePart.Length > 0) _name = Glob(namePart, allowChildren: true);
        }

        public string Text { get; }

        public bool MatchesAssembly(string assemblyName) => _assembly is null || _assembly.IsMatch(assemblyName);

        public bool ExcludesWholeAssembly(string assemblyName) => _assembly is not null && _name is null && _assembly.IsMatch(assemblyName);

        public bool Matches(string assemblyName, string functionName)
            => MatchesAssembly(assemblyName) && (_name is null || _name.IsMatch(functionName));

        private static Regex Glob(string glob, bool allowChildren)
        {
            var body = Regex.Escape(glob).Replace(@"\*", ".*").Replace(@"\?", ".");
            return new Regex("^" + body + (allowChildren ? @"(\..*)?$" : "$"), RegexOptions.CultureInvariant);
        }
    }
}
