using System.Text.Json;

namespace DotnetTelemetry.EndToEnd.Tests.Infrastructure;

/// <summary>The events of one NDJSON file: each line parsed, with small helpers to find and read events.</summary>
public sealed class EventLog
{
    private EventLog(IReadOnlyList<string> lines, IReadOnlyList<JsonElement> events)
    {
        Lines = lines;
        Events = events;
    }

    public IReadOnlyList<string> Lines { get; }

    public IReadOnlyList<JsonElement> Events { get; }

    /// <summary>Reads a file; every non-empty line must be one JSON object (the test fails naming the line otherwise).</summary>
    public static EventLog Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"no events file at '{path}'");
        }
        return Parse(File.ReadAllLines(path));
    }

    public static EventLog Parse(IEnumerable<string> rawLines)
    {
        var lines = rawLines.Where(l => l.Length > 0).ToList();
        var events = new List<JsonElement>();
        for (int i = 0; i < lines.Count; i++)
        {
            try
            {
                using var document = JsonDocument.Parse(lines[i]);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidOperationException($"line {i + 1} is not a JSON object: {lines[i]}");
                }
                events.Add(document.RootElement.Clone());
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"line {i + 1} is not JSON ({e.Message}): {lines[i]}");
            }
        }
        return new EventLog(lines, events);
    }

    public IEnumerable<JsonElement> OfType(string eventType) => Events.Where(e => e.Str("event_type") == eventType);

    public override string ToString() => string.Join('\n', Lines);
}

public static class JsonElementExtensions
{
    /// <summary>The value at a path of property names, as text (numbers and booleans as their JSON text); null when absent or null.</summary>
    public static string? Str(this JsonElement element, params string[] path)
    {
        foreach (string name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => element.GetRawText(),
        };
    }

    public static bool Has(this JsonElement element, params string[] path)
    {
        foreach (string name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return false;
            }
        }
        return true;
    }
}
