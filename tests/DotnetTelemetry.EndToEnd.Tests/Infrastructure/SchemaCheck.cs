using DotnetTelemetry.Schema.Validation;

namespace DotnetTelemetry.EndToEnd.Tests.Infrastructure;

/// <summary>Every line valid by the same validator as <c>dotnet-telemetry validate</c> (JSON Schema plus cross-line rules).</summary>
public static class SchemaCheck
{
    public static void AllValid(EventLog log)
    {
        var (summary, failures) = EventStreamValidator.Validate(string.Join('\n', log.Lines) + "\n");
        Assert.True(summary.AllValid, $"{summary}\n{string.Join('\n', failures.Take(20))}");
        Assert.Equal(log.Events.Count, summary.Events);
    }
}
