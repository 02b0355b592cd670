using System.Text.Json.Nodes;
using DotnetTelemetry.Schema.Validation;

namespace DotnetTelemetry.Schema.Tests;

/// <summary>Validation of a stream that is a part of a longer one: <c>--partial</c> / <c>partial: true</c>.</summary>
public class PartialStreamTests
{
    /// <summary>The valid corpus without its first function_entry: that span's exit now has no entry in the stream.</summary>
    private static List<string> WithoutFirstEntry()
    {
        var lines = Corpus.ValidLines();
        lines.RemoveAt(lines.FindIndex(l => l.Contains("\"function_entry\"")));
        return lines;
    }

    [Fact]
    public void Default_is_strict_an_exit_without_its_entry_is_flagged()
    {
        var (summary, failures) = EventStreamValidator.Validate(Corpus.Ndjson(WithoutFirstEntry()));

        Assert.False(summary.AllValid);
        Assert.Contains(failures, f => f.Reason.Contains("has no earlier function_entry", StringComparison.Ordinal));
    }

    [Fact]
    public void Partial_accepts_an_exit_whose_entry_is_not_in_the_stream()
    {
        var (summary, failures) = EventStreamValidator.Validate(Corpus.Ndjson(WithoutFirstEntry()), partial: true);

        Assert.True(summary.AllValid, string.Join("\n", failures));
    }

    [Fact]
    public void Partial_still_checks_the_schema_the_sequence_and_repeated_exits()
    {
        var lines = WithoutFirstEntry();
        int exit = lines.FindIndex(l => l.Contains("\"function_exit\""));
        var repeatedExit = JsonNode.Parse(lines[exit])!;
        repeatedExit["sequence"] = 1000;
        lines.Add(repeatedExit.ToJsonString());                  // the same span ends a second time
        var badTrace = JsonNode.Parse(lines[0])!;
        badTrace["trace_id"] = "xyz";
        badTrace["sequence"] = 1001;
        lines.Add(badTrace.ToJsonString());                     // a schema violation
        var stale = JsonNode.Parse(lines[0])!;
        stale["sequence"] = 1;
        lines.Add(stale.ToJsonString());                        // sequence going back

        var (_, failures) = EventStreamValidator.Validate(Corpus.Ndjson(lines), partial: true);

        Assert.Contains(failures, f => f.Line == lines.Count - 2 && f.Reason.Contains("repeats an earlier function_exit", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Line == lines.Count - 1 && f.Reason.Contains("trace_id", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Line == lines.Count && f.Reason.Contains("does not increase", StringComparison.Ordinal));
    }

    [Fact]
    public void Partial_still_checks_the_trace_id_of_an_exit_whose_entry_is_there()
    {
        var lines = Corpus.ValidLines();
        int exit = lines.FindIndex(l => l.Contains("\"function_exit\""));
        var node = JsonNode.Parse(lines[exit])!;
        node["trace_id"] = "0123456789abcdef0123456789abcdef";
        lines[exit] = node.ToJsonString();

        var (_, failures) = EventStreamValidator.Validate(Corpus.Ndjson(lines), partial: true);

        var failure = Assert.Single(failures);
        Assert.Contains("but its function_entry", failure.Reason);
    }

    [Fact]
    public void The_cli_option_partial_accepts_what_the_default_rejects()
    {
        using var file = new TempFile(Corpus.Ndjson(WithoutFirstEntry()));

        var strict = TestEnvironment.RunCli(new[] { "validate", file.Path });
        var partial = TestEnvironment.RunCli(new[] { "validate", "--partial", file.Path });

        Assert.True(strict.ExitCode == 1, strict.ToString());
        Assert.True(partial.ExitCode == 0, partial.ToString());
        Assert.Contains("0 invalid", partial.StandardOutput);
    }
}
