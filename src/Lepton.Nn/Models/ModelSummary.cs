using System.Globalization;
using System.Text;
using Lepton.Nn.Layers;

namespace Lepton.Nn.Models;

/// <summary>
/// Keras's model.summary(): a table of layers, output shapes and parameter counts (plus "Connected to" for
/// graphs), then totals with sizes in bytes. Before a model is built it says plainly what is not yet known.
/// </summary>
internal static class ModelSummary
{
    public static string Render(Model model)
    {
        var graph = model.Graph;
        var headers = graph is null ? new[] { "Layer (type)", "Output Shape", "Param #" } : ["Layer (type)", "Output Shape", "Param #", "Connected to"];
        var rows = new List<string[]>();
        if (graph is null)
        {
            foreach (var layer in model.Layers)
                rows.Add([$"{layer.Name} ({layer.TypeName})", layer.IsBuilt ? layer.OutputShape.ToBatchString() : "?", layer.IsBuilt ? Count(Parameters(layer)) : "? (unbuilt)"]);
        }
        else
        {
            foreach (var input in graph.Inputs)
                rows.Add([$"{input.Name} (InputLayer)", input.Shape.ToBatchString(), "0", "-"]);
            var counted = new HashSet<Layer>(ReferenceEqualityComparer.Instance);
            foreach (var node in graph.Nodes)
            {
                var first = counted.Add(node.Layer);
                rows.Add([
                    $"{node.Layer.Name} ({node.Layer.TypeName})",
                    node.OutputShape.ToBatchString(),
                    first ? Count(Parameters(node.Layer)) : "0 (shared)",
                    string.Join(", ", node.Inbound.Select(graph.SlotName)),
                ]);
            }
        }

        var sb = new StringBuilder();
        sb.Append("Model: \"").Append(model.Name).Append("\"\n");
        AppendTable(sb, headers, rows);
        if (model.IsBuilt)
        {
            var trainable = model.parameters().Where(p => p.requires_grad).ToList();
            var frozen = model.parameters().Where(p => !p.requires_grad).ToList();
            var buffers = model.buffers().ToList();
            var trainableCount = trainable.Sum(p => p.numel());
            var frozenCount = frozen.Sum(p => p.numel()) + buffers.Sum(b => b.numel());
            var trainableBytes = trainable.Sum(p => p.numel() * p.ElementSize);
            var frozenBytes = frozen.Sum(p => p.numel() * p.ElementSize) + buffers.Sum(b => b.numel() * b.ElementSize);
            sb.Append(" Total params: ").Append(Count(trainableCount + frozenCount)).Append(" (").Append(Bytes(trainableBytes + frozenBytes)).Append(")\n");
            sb.Append(" Trainable params: ").Append(Count(trainableCount)).Append(" (").Append(Bytes(trainableBytes)).Append(")\n");
            sb.Append(" Non-trainable params: ").Append(Count(frozenCount)).Append(" (").Append(Bytes(frozenBytes)).Append(")\n");
        }
        else
        {
            sb.Append(" Total params: unknown - the model is not built yet.\n");
            sb.Append(" Output shapes and parameter counts are known once the model sees its first batch, or declare the input shape:\n");
            sb.Append(" new Sequential(new Shape(1, 28, 28), ...) or model.Build([new Shape(1, 28, 28)]).\n");
        }
        return sb.ToString();
    }

    private static long Parameters(Layer layer) => layer.parameters().Sum(p => p.numel()) + layer.buffers().Sum(b => b.numel());

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Bytes(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString("0.00", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    private static void AppendTable(StringBuilder sb, string[] headers, List<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length)) + 2).ToArray();
        bool RightAligned(int column) => column == 2;
        string Cell(string text, int column) => " " + (RightAligned(column) ? text.PadLeft(widths[column] - 2) : text.PadRight(widths[column] - 2)) + " ";
        string Rule(char left, char mid, char right, char fill) => left + string.Join(mid, widths.Select(w => new string(fill, w))) + right + "\n";

        sb.Append(Rule('┏', '┳', '┓', '━'));
        sb.Append('┃').Append(string.Join('┃', headers.Select(Cell))).Append("┃\n");
        sb.Append(Rule('┡', '╇', '┩', '━'));
        for (var r = 0; r < rows.Count; r++)
        {
            sb.Append('│').Append(string.Join('│', rows[r].Select(Cell))).Append("│\n");
            sb.Append(r == rows.Count - 1 ? Rule('└', '┴', '┘', '─') : Rule('├', '┼', '┤', '─'));
        }
        if (rows.Count == 0) sb.Append(Rule('└', '┴', '┘', '─'));
    }
}
