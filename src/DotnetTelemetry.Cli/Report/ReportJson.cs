using System.Text.Json;

namespace DotnetTelemetry.Cli.Report;

/// <summary>What the page needs besides the aggregates: where the events came from and what was left out.</summary>
internal sealed record ReportFacts(
    IReadOnlyList<string> Inputs,
    long Lines,
    long UnreadableLines,
    string? FirstUnreadable,
    DateTimeOffset Generated,
    IReadOnlyList<string> Notes);

/// <summary>
/// Writes the report's data as compact JSON: texts go once into a string table and are referred to by index;
/// spans, rows and flame nodes are arrays, not objects (report.js names their positions). Times are nanoseconds.
/// </summary>
internal sealed class ReportJson
{
    private readonly Dictionary<string, int> _stringIndex = new(StringComparer.Ordinal);
    private readonly List<string> _strings = new();

    public void Write(Stream output, ReportFacts facts, TraceAssembler assembler, List<TraceSummary> traces, List<TraceSummary> shown,
        FlameGraph flame, List<FunctionStats> functions, List<HttpEndpointStats> endpoints)
    {
        // The string table is written last, once every index is known; the page reads `strings` before the rest.
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        writer.WriteStartObject();

        writer.WriteStartObject("meta");
        writer.WriteString("generated", facts.Generated.ToString("u"));
        writer.WriteStartArray("inputs");
        foreach (var input in facts.Inputs) writer.WriteStringValue(input);
        writer.WriteEndArray();
        writer.WriteNumber("lines", facts.Lines);
        writer.WriteNumber("events", assembler.Events);
        writer.WriteNumber("unreadable", facts.UnreadableLines);
        if (facts.FirstUnreadable is not null) writer.WriteString("firstUnreadable", facts.FirstUnreadable);
        writer.WriteNumber("spans", assembler.Spans.Count);
        writer.WriteNumber("traces", traces.Count);
        writer.WriteNumber("failedTraces", traces.Count(t => t.Failed));
        writer.WriteNumber("agentDropped", assembler.AgentDropped);
        writer.WriteNumber("sequenceGaps", assembler.SequenceGaps);
        writer.WriteStartArray("services");
        foreach (var service in assembler.Services.Order(StringComparer.Ordinal)) writer.WriteStringValue(service);
        writer.WriteEndArray();
        writer.WriteStartArray("notes");
        foreach (var note in facts.Notes) writer.WriteStringValue(note);
        writer.WriteEndArray();
        writer.WriteEndObject();

        WriteTraces(writer, shown);
        writer.WritePropertyName("flame");
        WriteFlameNode(writer, flame.Root);
        WriteFunctions(writer, functions);
        WriteExceptions(writer, assembler);
        WriteEndpoints(writer, endpoints);

        writer.WriteStartArray("strings");
        foreach (var text in _strings) writer.WriteStringValue(text);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>trace: {id, name, start (Unix ms), dur, spanCount, failed, exceptions, spans: [[parent index or -1, name, kind, start offset, dur, flags, status, thread]], marks: [[span index, kind, offset, text]]}.</summary>
    private void WriteTraces(Utf8JsonWriter writer, List<TraceSummary> shown)
    {
        writer.WriteStartArray("traces");
        var indexById = new Dictionary<ulong, int>();
        var byId = new Dictionary<ulong, Span>();
        foreach (var trace in shown)
        {
            var spans = TraceIndex.SpansShown(trace);
            indexById.Clear();
            byId.Clear();
            for (int i = 0; i < spans.Count; i++) indexById[spans[i].Id] = i;
            foreach (var span in trace.Spans) byId[span.Id] = span;

            writer.WriteStartObject();
            writer.WriteString("id", trace.TraceId);
            writer.WriteNumber("name", Index(trace.Name));
            writer.WriteNumber("start", trace.StartNs / 1_000_000.0);
            writer.WriteNumber("dur", trace.DurationNs);
            writer.WriteNumber("spanCount", trace.Spans.Count);
            writer.WriteBoolean("failed", trace.Failed);
            writer.WriteNumber("exceptions", trace.Exceptions);
            writer.WriteStartArray("spans");
            foreach (var span in spans)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(ShownAncestor(span, indexById, byId));
                writer.WriteNumberValue(Index(span.Name));
                writer.WriteNumberValue((int)span.Kind);
                writer.WriteNumberValue(span.StartNs - trace.StartNs);
                writer.WriteNumberValue(Math.Max(span.DurationNs, 0));
                writer.WriteNumberValue((span.Failed ? 1 : 0) | (span.Unfinished ? 2 : 0));
                writer.WriteNumberValue(span.HttpStatus);
                writer.WriteNumberValue(span.ThreadId);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("marks");
            for (int i = 0; i < spans.Count; i++)
            {
                if (spans[i].Marks is not { } marks) continue;
                foreach (var mark in marks)
                {
                    writer.WriteStartArray();
                    writer.WriteNumberValue(i);
                    writer.WriteNumberValue((int)mark.Kind);
                    writer.WriteNumberValue(mark.TimestampNs - trace.StartNs);
                    writer.WriteNumberValue(Index(mark.Text));
                    writer.WriteEndArray();
                }
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>The index of the nearest ancestor drawn in this trace's waterfall, or -1 (a root of the drawing).</summary>
    private static int ShownAncestor(Span span, Dictionary<ulong, int> indexById, Dictionary<ulong, Span> byId)
    {
        ulong parentId = span.ParentId;
        for (int steps = 0; parentId != 0 && steps < 4096; steps++)
        {
            if (indexById.TryGetValue(parentId, out int index)) return index;
            if (!byId.TryGetValue(parentId, out var parent)) return -1;
            parentId = parent.ParentId;
        }
        return -1;
    }

    /// <summary>node: [name, total, self, count, [children, largest first]].</summary>
    private void WriteFlameNode(Utf8JsonWriter writer, FlameNode node)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(Index(node.Name));
        writer.WriteNumberValue(node.Total);
        writer.WriteNumberValue(node.Self);
        writer.WriteNumberValue(node.Count);
        writer.WriteStartArray();
        foreach (var child in node.Children.Values.OrderByDescending(c => c.Total))
        {
            WriteFlameNode(writer, child);
        }
        writer.WriteEndArray();
        writer.WriteEndArray();
    }

    /// <summary>row: [name, count, total, self, p50, p99, max, errors].</summary>
    private void WriteFunctions(Utf8JsonWriter writer, List<FunctionStats> functions)
    {
        writer.WriteStartArray("functions");
        foreach (var f in functions)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(Index(f.Name));
            writer.WriteNumberValue(f.Count);
            writer.WriteNumberValue(f.TotalNs);
            writer.WriteNumberValue(f.SelfNs);
            writer.WriteNumberValue(f.P50Ns);
            writer.WriteNumberValue(f.P99Ns);
            writer.WriteNumberValue(f.MaxNs);
            writer.WriteNumberValue(f.Errors);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    /// <summary>row: [type, throwing function, thrown, caught, unhandled, example message].</summary>
    private void WriteExceptions(Utf8JsonWriter writer, TraceAssembler assembler)
    {
        writer.WriteStartArray("exceptions");
        foreach (var ((type, function), counts) in assembler.Exceptions.OrderByDescending(e => e.Value.Thrown + e.Value.Unhandled))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(Index(type));
            writer.WriteNumberValue(Index(function));
            writer.WriteNumberValue(counts.Thrown);
            writer.WriteNumberValue(counts.Caught);
            writer.WriteNumberValue(counts.Unhandled);
            writer.WriteNumberValue(Index(counts.Example ?? ""));
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    /// <summary>row: [kind, endpoint, status (-1: no response yet), count, p50, p99, max].</summary>
    private void WriteEndpoints(Utf8JsonWriter writer, List<HttpEndpointStats> endpoints)
    {
        writer.WriteStartArray("http");
        foreach (var e in endpoints)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue((int)e.Kind);
            writer.WriteNumberValue(Index(e.Name));
            writer.WriteNumberValue(e.Status);
            writer.WriteNumberValue(e.Count);
            writer.WriteNumberValue(e.P50Ns);
            writer.WriteNumberValue(e.P99Ns);
            writer.WriteNumberValue(e.MaxNs);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    private int Index(string text)
    {
        if (!_stringIndex.TryGetValue(text, out int index))
        {
            index = _strings.Count;
            _strings.Add(text);
            _stringIndex[text] = index;
        }
        return index;
    }
}
