namespace DotnetTelemetry.Schema.Tests;

/// <summary>`dotnet-telemetry validate`, run as a real process: exit codes and line-numbered reasons.</summary>
public class ValidateCommandTests
{
    [Fact]
    public void Valid_file_exits_0_with_a_summary()
    {
        var lines = Corpus.ValidLines();
        using var file = new TempFile(Corpus.Ndjson(lines));

        var result = TestEnvironment.RunCli(new[] { "validate", file.Path });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{lines.Count} events: {lines.Count} valid, 0 invalid (0 problems)", result.StandardOutput.Trim());
    }

    [Fact]
    public void Broken_lines_exit_1_with_one_line_numbered_reason_each()
    {
        var cases = Corpus.SchemaViolations();
        var lines = new List<string> { Corpus.ValidLines()[0] };
        lines.AddRange(cases.Select(c => c.Line));
        using var file = new TempFile(Corpus.Ndjson(lines));

        var result = TestEnvironment.RunCli(new[] { "validate", file.Path });

        Assert.True(result.ExitCode == 1, result.ToString());
        var output = result.StandardOutput.Split('\n');
        Assert.DoesNotContain(output, l => l.StartsWith("line 1:", StringComparison.Ordinal));
        for (var i = 0; i < cases.Count; i++)
        {
            var expected = $"line {i + 2}: ";
            Assert.True(output.Any(l => l.StartsWith(expected, StringComparison.Ordinal) && l.Contains(cases[i].ValidateSays, StringComparison.Ordinal)),
                $"case '{cases[i].Name}': expected \"{expected}...{cases[i].ValidateSays}...\"\n{result}");
        }
        Assert.Contains($"{lines.Count} events: 1 valid, {cases.Count} invalid", result.StandardOutput);
    }

    [Fact]
    public void The_seed_example_read_from_standard_input_is_rejected_for_its_trace_id_and_passes_once_corrected()
    {
        var rejected = TestEnvironment.RunCli(new[] { "validate", "-" }, Corpus.Ndjson(new[] { Corpus.SeedEntryLine(), Corpus.SeedExampleLine() }));
        var accepted = TestEnvironment.RunCli(new[] { "validate", "-" }, Corpus.Ndjson(new[] { Corpus.SeedEntryLine(), Corpus.CorrectedSeedExampleLine() }));

        Assert.True(rejected.ExitCode == 1, rejected.ToString());
        Assert.Contains("line 2: trace_id \"0af7651916cd43dd8448eb211c80319\" (31 characters) does not match", rejected.StandardOutput);
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        Assert.Contains("2 events: 2 valid, 0 invalid", accepted.StandardOutput);
    }

    [Fact]
    public void A_missing_file_exits_2_and_says_why()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-events-{Guid.NewGuid():N}.ndjson");

        var result = TestEnvironment.RunCli(new[] { "validate", missing });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"cannot read {missing}", result.StandardError);
    }

    [Fact]
    public void A_directory_instead_of_a_file_exits_2()
    {
        var result = TestEnvironment.RunCli(new[] { "validate", Path.GetTempPath() });
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("cannot read", result.StandardError);
    }

    [Fact]
    public void An_empty_input_is_valid_and_says_so()
    {
        var result = TestEnvironment.RunCli(new[] { "validate", "-" }, "\n\n");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("no events found", result.StandardOutput.Trim());
    }

    [Fact]
    public void No_file_argument_exits_2()
    {
        var result = TestEnvironment.RunCli(new[] { "validate" });
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("give a file", result.StandardError);
    }

    [Fact]
    public void Print_schema_writes_the_embedded_schema()
    {
        var result = TestEnvironment.RunCli(new[] { "validate", "--print-schema" });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(TelemetrySchema.Json, result.StandardOutput);
    }
}
