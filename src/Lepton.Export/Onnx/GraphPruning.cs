using Onnx;

namespace Lepton.Export.Onnx;

/// <summary>
/// Removes what no graph output depends on: nodes, initializers, value infos and inputs (a table pipeline writes every
/// raw column and step, and the model reads only some of them).
/// </summary>
internal static class GraphPruning
{
    public static void RemoveUnused(GraphProto graph)
    {
        var live = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var kept = new List<NodeProto>();
        for (var i = graph.Node.Count - 1; i >= 0; i--)
        {
            var node = graph.Node[i];
            if (!node.Output.Any(live.Contains)) continue;
            kept.Add(node);
            foreach (var input in node.Input.Where(n => n.Length > 0)) live.Add(input);
        }
        kept.Reverse();
        graph.Node.Clear();
        graph.Node.Add(kept);
        Keep(graph.Initializer, t => live.Contains(t.Name));
        Keep(graph.Input, v => live.Contains(v.Name));
        Keep(graph.ValueInfo, v => live.Contains(v.Name));
    }

    private static void Keep<T>(Google.Protobuf.Collections.RepeatedField<T> items, Func<T, bool> keep)
    {
        var kept = items.Where(keep).ToList();
        items.Clear();
        items.Add(kept);
    }
}
