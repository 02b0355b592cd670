namespace WeaverCorpus;

/// <summary>The assembly file names of the corpus (one per package above, plus dependencies they bring).</summary>
public static class CorpusAssemblies
{
    public static readonly string[] Names =
    {
        "Newtonsoft.Json", "NodaTime", "Humanizer", "Polly.Core", "Serilog", "Dapper", "Google.Protobuf",
        "CsvHelper", "FluentValidation", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.DependencyInjection.Abstractions",
    };
}
