namespace DotnetTelemetry.Cli.Report;

/// <summary>
/// Function time aggregated by call path over all traces: a node per distinct path from a root function, with the
/// total (wall-clock) time of the calls on that path, their self time and count. A call's parent is its nearest
/// function ancestor, found through any HTTP spans in between, so a call made across an HTTP hop stays under its caller.
/// </summary>
internal sealed class FlameGraph
{
    /// <summary>Parent chains longer than this are cut (a loop in bad data, or recursion deeper than a page can draw).</summary>
    private const int MaxDepth = 512;

    public FlameNode Root { get; } = new("all");

    /// <summary>Per span id, the summed durations of its direct function children (for self time).</summary>
    public Dictionary<ulong, long> ChildTimeBySpan { get; } = new();

    public int PrunedNodes { get; private set; }
    public int CutChains { get; private set; }

    public static FlameGraph Build(IReadOnlyDictionary<ulong, Span> spans)
    {
        var graph = new FlameGraph();
        var functionParent = new Dictionary<ulong, Span?>();
        foreach (var span in spans.Values)
        {
            if (span.Kind != SpanKind.Function || !span.Ended) continue;
            var parent = NearestFunctionAncestor(span, spans);
            functionParent[span.Id] = parent;
            if (parent is not null)
            {
                graph.ChildTimeBySpan[parent.Id] = graph.ChildTimeBySpan.GetValueOrDefault(parent.Id) + span.DurationNs;
            }
        }
        var nodeBySpan = new Dictionary<ulong, FlameNode>();
        var chain = new List<Span>();
        foreach (var span in spans.Values)
        {
            if (span.Kind != SpanKind.Function || !span.Ended || nodeBySpan.ContainsKey(span.Id)) continue;
            // Walk up to a span whose node is known (or a root), then give nodes to the chain top-down.
            chain.Clear();
            Span? current = span;
            FlameNode top = graph.Root;
            while (current is not null)
            {
                if (nodeBySpan.TryGetValue(current.Id, out var known)) { top = known; break; }
                if (chain.Count == MaxDepth) { graph.CutChains++; break; }
                chain.Add(current);
                current = functionParent.GetValueOrDefault(current.Id);
            }
            for (int i = chain.Count - 1; i >= 0; i--)
            {
                var call = chain[i];
                var node = top.Child(call.Name);
                node.Total += call.DurationNs;
                node.Self += Math.Max(0, call.DurationNs - graph.ChildTimeBySpan.GetValueOrDefault(call.Id));
                node.Count++;
                nodeBySpan[call.Id] = node;
                top = node;
            }
        }
        foreach (var root in graph.Root.Children.Values)
        {
            graph.Root.Total += root.Total;
            graph.Root.Count += root.Count;
        }
        return graph;
    }

    /// <summary>Leaves out the nodes below <paramref name="minimumFraction"/> of all time (their time stays in their parent's total).</summary>
    public void Prune(double minimumFraction)
    {
        long minimum = (long)(Root.Total * minimumFraction);
        PrunedNodes = Prune(Root, minimum);
    }

    private static int Prune(FlameNode node, long minimum)
    {
        int pruned = 0;
        foreach (var (name, child) in node.Children.ToList())
        {
            if (child.Total < minimum)
            {
                pruned += 1 + child.CountNodes();
                node.Children.Remove(name);
            }
            else
            {
                pruned += Prune(child, minimum);
            }
        }
        return pruned;
    }

    private static Span? NearestFunctionAncestor(Span span, IReadOnlyDictionary<ulong, Span> spans)
    {
        ulong parentId = span.ParentId;
        for (int steps = 0; parentId != 0 && steps < MaxDepth; steps++)
        {
            if (!spans.TryGetValue(parentId, out var parent) || parent.Id == span.Id) return null;
            if (parent.Kind == SpanKind.Function) return parent.Ended ? parent : null;
            parentId = parent.ParentId;
        }
        return null;
    }
}

internal sealed class FlameNode(string name)
{
    public string Name { get; } = name;
    public long Total;
    public long Self;
    public long Count;
    public Dictionary<string, FlameNode> Children { get; } = new(StringComparer.Ordinal);

    public FlameNode Child(string name)
    {
        if (!Children.TryGetValue(name, out var child)) Children[name] = child = new FlameNode(name);
        return child;
    }

    public int CountNodes() => Children.Values.Sum(c => 1 + c.CountNodes());
}
