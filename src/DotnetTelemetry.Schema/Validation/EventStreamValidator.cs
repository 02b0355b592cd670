using System.Text.Json;

namespace DotnetTelemetry.Schema.Validation;

/// <summary>One reason one line is invalid.</summary>
public readonly record struct ValidationFailure(long Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}

/// <summary>What a validation run found.</summary>
public sealed record ValidationSummary(long Events, long InvalidEvents, long Failures)
{
    public bool AllValid => InvalidEvents == 0;

    public override string ToString() => Events == 0
        ? "no events found"
        : $"{Events} events: {Events - InvalidEvents} valid, {InvalidEvents} invalid ({Failures} {(Failures == 1 ? "problem" : "problems")})";
}

/// <summary>
/// Checks a telemetry v3 NDJSON stream: every line against the JSON Schema, and the rules a schema cannot
/// express because they relate fields or lines (see <see cref="StreamRules"/>). Blank lines are skipped
/// but counted, so line numbers match the file. Used by <c>dotnet-telemetry validate</c> and the tests.
/// </summary>
public sealed class EventStreamValidator
{
    private readonly JsonSchemaValidator _schema;
    private readonly StreamRules _rules;
    private readonly List<string> _reasons = new();
    private long _lineNumber;
    private long _events;
    private long _invalidEvents;
    private long _failures;

    /// <param name="schema">The JSON Schema (telemetry v3 when null).</param>
    /// <param name="partial">
    /// The stream may be a part of a longer one (a file that begins mid-run, a ring that dropped events): a
    /// function_exit whose function_entry is absent is accepted. Everything else is checked as usual.
    /// </param>
    public EventStreamValidator(JsonSchemaValidator? schema = null, bool partial = false)
    {
        _schema = schema ?? JsonSchemaValidator.TelemetryV3;
        _rules = new StreamRules(partial);
    }

    /// <summary>Validates every line of <paramref name="reader"/>; <paramref name="onFailure"/> hears each problem as it is found.</summary>
    public static ValidationSummary Validate(TextReader reader, Action<ValidationFailure>? onFailure = null, bool partial = false)
    {
        var validator = new EventStreamValidator(partial: partial);
        while (reader.ReadLine() is { } line) validator.ValidateLine(line, onFailure);
        return validator.Summary;
    }

    /// <summary>Convenience for tests: all problems of a whole text.</summary>
    public static (ValidationSummary Summary, List<ValidationFailure> Failures) Validate(string ndjson, bool partial = false)
    {
        var failures = new List<ValidationFailure>();
        var summary = Validate(new StringReader(ndjson), failures.Add, partial);
        return (summary, failures);
    }

    public ValidationSummary Summary => new(_events, _invalidEvents, _failures);

    /// <summary>Validates the next line of the stream.</summary>
    public void ValidateLine(string line, Action<ValidationFailure>? onFailure = null)
    {
        _lineNumber++;
        if (string.IsNullOrWhiteSpace(line)) return;
        _events++;
        _reasons.Clear();
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            _schema.Validate(root, _reasons);
            _rules.Check(root, _lineNumber, _reasons);
        }
        catch (JsonException ex)
        {
            _reasons.Add($"not valid JSON: {ex.Message}");
        }

        if (_reasons.Count == 0) return;
        _invalidEvents++;
        _failures += _reasons.Count;
        foreach (var reason in _reasons) onFailure?.Invoke(new ValidationFailure(_lineNumber, reason));
    }
}
