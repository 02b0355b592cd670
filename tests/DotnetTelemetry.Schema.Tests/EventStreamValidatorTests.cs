using System.Text.Json.Nodes;
using DotnetTelemetry.Schema.Validation;

namespace DotnetTelemetry.Schema.Tests;

/// <summary>The .NET validator behind `dotnet-telemetry validate`: the same cases ajv judges, plus the cross-line rules.</summary>
public class EventStreamValidatorTests
{
    [Fact]
    public void Events_of_every_type_as_written_are_valid()
    {
        var lines = Corpus.ValidLines();
        var (summary, failures) = EventStreamValidator.Validate(Corpus.Ndjson(lines));
        Assert.Empty(failures);
        Assert.Equal(lines.Count, summary.Events);
        Assert.True(summary.AllValid);
    }

    [Fact]
    public void Each_broken_line_is_reported_with_its_line_number_and_reason()
    {
        var cases = Corpus.SchemaViolations();
        var (summary, failures) = EventStreamValidator.Validate(Corpus.Ndjson(cases.Select(c => c.Line)));

        Assert.Equal(cases.Count, summary.InvalidEvents);
        for (var i = 0; i < cases.Count; i++)
        {
            var line = i + 1;
            Assert.True(failures.Any(f => f.Line == line && f.Reason.Contains(cases[i].ValidateSays, StringComparison.Ordinal)),
                $"case '{cases[i].Name}': expected line {line} to say \"{cases[i].ValidateSays}\", got:\n" +
                string.Join("\n", failures.Where(f => f.Line == line)));
        }
    }

    [Fact]
    public void The_seed_example_is_rejected_naming_its_31_character_trace_id_and_passes_once_corrected()
    {
        var (_, seedFailures) = EventStreamValidator.Validate(Corpus.Ndjson(new[] { Corpus.SeedEntryLine(), Corpus.SeedExampleLine() }));
        var (corrected, correctedFailures) = EventStreamValidator.Validate(Corpus.Ndjson(new[] { Corpus.SeedEntryLine(), Corpus.CorrectedSeedExampleLine() }));

        var failure = Assert.Single(seedFailures, f => f.Reason.StartsWith("trace_id", StringComparison.Ordinal));
        Assert.Equal(2, failure.Line);
        Assert.StartsWith("trace_id \"0af7651916cd43dd8448eb211c80319\" (31 characters) does not match", failure.Reason);
        Assert.Empty(correctedFailures);
        Assert.Equal(2, corrected.Events);
    }

    [Fact]
    public void Timestamp_and_timestamp_ns_must_be_the_same_instant()
    {
        var lines = Corpus.ValidLines();
        var node = JsonNode.Parse(lines[0])!;
        node["timestamp"] = "2025-11-03T19:15:41.498Z";
        lines[0] = node.ToJsonString();

        var (_, failures) = EventStreamValidator.Validate(Corpus.Ndjson(lines));

        var failure = Assert.Single(failures);
        Assert.Equal(1, failure.Line);
        Assert.Contains("timestamp 2025-11-03T19:15:41.498Z and timestamp_ns", failure.Reason);
        Assert.Contains("are not the same instant", failure.Reason);
    }

    [Fact]
    public void Duration_ms_must_be_duration_ns_over_a_million_exactly()
    {
        var lines = Corpus.ValidLines();
        var index = lines.FindIndex(l => l.Contains("\"function_exit\""));
        var node = JsonNode.Parse(lines[index])!;
        node["duration_ms"] = 345.68;
        lines[index] = node.ToJsonString();

        var (_, failures) = EventStreamValidator.Validate(Corpus.Ndjson(lines));

        var failure = Assert.Single(failures);
        Assert.Equal(index + 1, failure.Line);
        Assert.Equal("duration_ms 345.68 is not duration_ns / 1e6 = 345.678", failure.Reason);
    }

    [Fact]
    public void A_function_exit_needs_an_earlier_function_entry_with_the_same_span_id()
    {
        var lines = Corpus.ValidLines();
        var entry = lines.FindIndex(l => l.Contains("\"function_entry\""));
        var exit = lines.FindIndex(l => l.Contains("\"function_exit\""));
        (lines[entry], lines[exit]) = (lines[exit], lines[entry]);
        // Keep the sequence increasing, so only the pairing rule can complain.
        (lines[entry], lines[exit]) = (WithSequence(lines[entry], 1), WithSequence(lines[exit], 2));

        var (_, failures) = EventStreamValidator.Validate(Corpus.Ndjson(lines));

        var failure = Assert.Single(failures);
        Assert.Equal(entry + 1, failure.Line);
        Assert.Equal("function_exit of span_id b7ad6b7169203331 has no earlier function_entry with that span_id", failure.Reason);
    }

    [Fact]
    public void A_function_exit_must_stay_in_the_trace_of_its_entry()
    {
        var lines = Corpus.ValidLines();
        var exit = lines.FindIndex(l => l.Contains("\"function_exit\""));
        var node = JsonNode.Parse(lines[exit])!;
        node["trace_id"] = "1af7651916cd43dd8448eb211c80319a";
        lines[exit] = node.ToJsonString();

        var (_, failures) = EventStreamValidator.Validate(Corpus.Ndjson(lines));

        Assert.Contains("has trace_id 1af7651916cd43dd8448eb211c80319a, but its function_entry (line 1) has 0af7651916cd43dd8448eb211c80319a",
            Assert.Single(failures).Reason);
    }

    [Fact]
    public void Sequence_must_strictly_increase_per_process()
    {
        var lines = Corpus.ValidLines(); // pid 3421 for the first lines, no pid for the last two (sequence 1 and 2)
        lines.Insert(3, WithSequence(lines[4], 3)); // a repeat of sequence 3 in process 3421

        var (_, failures) = EventStreamValidator.Validate(Corpus.Ndjson(lines));

        var failure = Assert.Single(failures);
        Assert.Equal(4, failure.Line);
        Assert.Equal("sequence 3 does not increase: line 3 of process 3421 had sequence 3", failure.Reason);
    }

    [Fact]
    public void Sequences_of_different_processes_are_independent()
    {
        var first = WithPid(WithSequence(Corpus.ValidLines()[2], 10), 1);
        var second = WithPid(WithSequence(Corpus.ValidLines()[3], 5), 2);
        var third = WithPid(WithSequence(Corpus.ValidLines()[4], 11), 1);
        var (_, failures) = EventStreamValidator.Validate(Corpus.Ndjson(new[] { first, second, third }));
        Assert.Empty(failures);
    }

    [Fact]
    public void Lines_that_are_not_json_are_reported_and_blank_lines_keep_the_numbering()
    {
        var lines = Corpus.ValidLines().Take(2).ToList();
        lines.Insert(1, "");
        lines.Insert(2, "{\"truncated\": ");
        var (summary, failures) = EventStreamValidator.Validate(Corpus.Ndjson(lines));

        var failure = Assert.Single(failures);
        Assert.Equal(3, failure.Line);
        Assert.StartsWith("not valid JSON", failure.Reason);
        Assert.Equal(3, summary.Events);
        Assert.Equal(1, summary.InvalidEvents);
        Assert.Equal("3 events: 2 valid, 1 invalid (1 problem)", summary.ToString());
    }

    [Fact]
    public void The_validator_refuses_schemas_with_keywords_it_does_not_implement()
    {
        var error = Assert.Throws<NotSupportedException>(() => JsonSchemaValidator.Compile("{\"type\":\"object\",\"patternProperties\":{}}"));
        Assert.Contains("patternProperties", error.Message);
        Assert.Throws<NotSupportedException>(() => JsonSchemaValidator.Compile("{\"type\":\"string\",\"format\":\"email\"}"));
    }

    [Fact]
    public void The_example_event_in_the_README_is_valid()
    {
        var readme = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
        var section = readme[readme.IndexOf("## Telemetry v3 events", StringComparison.Ordinal)..];
        var start = section.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var example = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        using var document = System.Text.Json.JsonDocument.Parse(example);
        var errors = new List<string>();
        Assert.True(JsonSchemaValidator.TelemetryV3.Validate(document.RootElement, errors), string.Join("\n", errors));
    }

    private static string WithSequence(string line, long sequence)
    {
        var node = JsonNode.Parse(line)!;
        node["sequence"] = sequence;
        return node.ToJsonString();
    }

    private static string WithPid(string line, int pid)
    {
        var node = JsonNode.Parse(line)!;
        node["process"]!["pid"] = pid;
        return node.ToJsonString();
    }
}
