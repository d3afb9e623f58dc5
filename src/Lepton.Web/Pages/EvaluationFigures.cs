using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lepton.Web.Pages;

/// <summary>
/// The figures of one model output in an <c>evaluation.json</c> (as <c>lepton evaluate</c> writes it): its metrics,
/// and for a classifier the per-class figures and confusion matrix, for a regressor the residuals' histogram.
/// <see cref="Output"/> names the output of a multi-output model; it is null for a model of one output.
/// </summary>
internal sealed record EvaluationFigures(
    string? Output,
    string Task,
    string Data,
    long Rows,
    long RowsWithoutTarget,
    long UnreadableImages,
    IReadOnlyList<KeyValuePair<string, double?>> Metrics,
    IReadOnlyList<EvaluationFigures.ClassRow> Classes,
    IReadOnlyList<IReadOnlyList<long>> Confusion,
    IReadOnlyList<EvaluationFigures.Bin> Residuals)
{
    /// <summary>One class's row of the per-class table.</summary>
    public sealed record ClassRow(string Name, double? Precision, double? Recall, double? F1, long Support);

    /// <summary>One bar of the residuals' histogram.</summary>
    public sealed record Bin(double Lower, double Upper, long Count);

    /// <summary>The metric keys not shown as figures: the confusion matrix is its table.</summary>
    private const string ConfusionMetric = "confusion_matrix";

    /// <summary>Shades of a confusion-matrix cell (CSS classes <c>cm-0</c> … <c>cm-5</c>).</summary>
    public const int Shades = 6;

    public bool IsClassification => Task == "classification";

    /// <summary>
    /// The CSS class shading a confusion-matrix cell of <paramref name="count"/> in <paramref name="row"/>: its share of
    /// the true class's rows, in <see cref="Shades"/> steps, as the HTML report shades it.
    /// </summary>
    public static string Shade(long count, IReadOnlyList<long> row)
    {
        var total = row.Sum();
        return $"cm-{(total <= 0 || count <= 0 ? 0 : Math.Clamp((int)Math.Ceiling((Shades - 1) * (double)count / total), 1, Shades - 1))}";
    }

    /// <summary>The largest bin of the residuals' histogram.</summary>
    public long MostInBin => Residuals.Count == 0 ? 0 : Residuals.Max(b => b.Count);

    /// <summary>
    /// Reads an <c>evaluation.json</c>: one section for a model of one output, one per output (in the file's order)
    /// for a multi-output model.
    /// </summary>
    /// <exception cref="JsonException">The text is not an evaluation's JSON.</exception>
    public static IReadOnlyList<EvaluationFigures> Parse(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("An evaluation's JSON is an object.");
        if (root["outputs"] is JsonObject outputs)
            return outputs.Select(o => Section(o.Value as JsonObject ?? throw new JsonException($"Output '{o.Key}' is not an object."), o.Key)).ToList();
        return [Section(root, null)];
    }

    private static EvaluationFigures Section(JsonObject json, string? output)
    {
        var metrics = (json["metrics"] as JsonObject ?? [])
            .Where(m => m.Key != ConfusionMetric)
            .Select(m => KeyValuePair.Create(m.Key, Number(m.Value)))
            .ToList();
        var classes = (json["classes"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(c => new ClassRow(Text(c["name"]), Number(c["precision"]), Number(c["recall"]), Number(c["f1"]), Count(c["support"])))
            .ToList();
        var confusion = (json["confusion_matrix"] as JsonArray ?? [])
            .Select(r => (IReadOnlyList<long>)(r as JsonArray ?? []).Select(Count).ToList())
            .ToList();
        var residuals = (json["residual_histogram"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(b => new Bin(Number(b["lower"]) ?? 0, Number(b["upper"]) ?? 0, Count(b["count"])))
            .ToList();
        return new EvaluationFigures(output, Text(json["task"]), Text(json["data"]), Count(json["rows"]), Count(json["rows_without_target"]), Count(json["unreadable_images"]),
            metrics, classes, confusion, residuals);
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    private static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static long Count(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : (long)(Number(node) ?? 0);
}
