using System.Text.Json;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Schema.Tests;

/// <summary>
/// The JSON Schema checked by an independent implementation: ajv (draft 2020-12, strict mode, ajv-formats),
/// run through node on the schema embedded in the assembly.
/// </summary>
public class AjvSchemaTests
{
    private static TempFile EmbeddedSchemaFile() => new(TelemetrySchema.Json, ".schema.json");

    [Fact]
    public void Events_of_every_type_as_written_pass_ajv_in_strict_mode()
    {
        var lines = Corpus.ValidLines();
        using var schema = EmbeddedSchemaFile();
        using var events = new TempFile(Corpus.Ndjson(lines));

        var result = TestEnvironment.RunAjv(schema.Path, events.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{lines.Count} lines, {lines.Count} valid, 0 invalid", result.StandardOutput);
        foreach (var type in Enum.GetValues<EventType>())
        {
            Assert.Contains(lines, line => line.Contains($"\"event_type\":\"{type.ToWireName()}\""));
        }
    }

    [Fact]
    public void Each_broken_line_fails_ajv_with_the_expected_reason()
    {
        var cases = Corpus.SchemaViolations();
        using var schema = EmbeddedSchemaFile();
        using var events = new TempFile(Corpus.Ndjson(cases.Select(c => c.Line)));

        var result = TestEnvironment.RunAjv(schema.Path, events.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{cases.Count} lines, 0 valid, {cases.Count} invalid", result.StandardOutput);
        var reported = result.StandardOutput.Split('\n');
        for (var i = 0; i < cases.Count; i++)
        {
            var prefix = $"line {i + 1}: ";
            Assert.True(reported.Any(r => r.StartsWith(prefix, StringComparison.Ordinal) && r.Contains(cases[i].AjvSays, StringComparison.Ordinal)),
                $"case '{cases[i].Name}': expected \"{prefix}...{cases[i].AjvSays}...\"\n{result}");
        }
    }

    [Fact]
    public void The_seed_example_is_rejected_for_its_31_character_trace_id_and_passes_once_corrected()
    {
        using var schema = EmbeddedSchemaFile();
        using var seed = new TempFile(Corpus.Ndjson(new[] { Corpus.SeedExampleLine() }));
        using var corrected = new TempFile(Corpus.Ndjson(new[] { Corpus.CorrectedSeedExampleLine() }));

        var rejected = TestEnvironment.RunAjv(schema.Path, seed.Path);
        var accepted = TestEnvironment.RunAjv(schema.Path, corrected.Path);

        Assert.True(rejected.ExitCode == 1, rejected.ToString());
        var reasons = rejected.StandardOutput.Split('\n').Where(l => l.StartsWith("line 1: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            "line 1: /trace_id must match pattern \"^(?!0{32}$)[0-9a-f]{32}$\" (value \"0af7651916cd43dd8448eb211c80319\", 31 characters)",
            Assert.Single(reasons));
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
    }

    [Fact]
    public void The_embedded_schema_is_the_file_in_the_repository()
    {
        var inRepository = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "src", "DotnetTelemetry.Schema", TelemetrySchema.FileName));
        Assert.Equal(inRepository, TelemetrySchema.Json);
        using var document = JsonDocument.Parse(TelemetrySchema.Json);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", document.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void The_schema_enums_match_the_model()
    {
        using var document = JsonDocument.Parse(TelemetrySchema.Json);
        var properties = document.RootElement.GetProperty("properties");
        Assert.Equal(Enum.GetValues<EventType>().Select(t => t.ToWireName()),
            properties.GetProperty("event_type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Enum.GetValues<Severity>().Select(s => s.ToWireName()),
            properties.GetProperty("severity").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.False(document.RootElement.GetProperty("additionalProperties").GetBoolean());
    }
}
