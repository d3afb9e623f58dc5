using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lepton.Training.Evaluation;

/// <summary>A model's evaluation on one data set: its classification or regression figures and what was left out.</summary>
public sealed class ModelEvaluation
{
    /// <summary>Pairs figures with the data they were computed on.</summary>
    /// <param name="data">What was evaluated on, for people: a file, a folder, a catalog dataset.</param>
    /// <param name="classification">The figures of a classifier, or null.</param>
    /// <param name="regression">The figures of a regressor, or null.</param>
    /// <exception cref="ArgumentException">Not exactly one of the two figures is given.</exception>
    public ModelEvaluation(string data, ClassificationEvaluation? classification, RegressionEvaluation? regression)
    {
        ArgumentNullException.ThrowIfNull(data);
        if ((classification is null) == (regression is null))
            throw new ArgumentException("Give the figures of a classification or of a regression, not both or neither.", nameof(classification));
        Data = data;
        Classification = classification;
        Regression = regression;
    }

    /// <summary>What was evaluated on: a file, a folder, a catalog dataset.</summary>
    public string Data { get; }

    /// <summary>The figures when the model classifies.</summary>
    public ClassificationEvaluation? Classification { get; }

    /// <summary>The figures when the model predicts a number.</summary>
    public RegressionEvaluation? Regression { get; }

    /// <summary>"classification" or "regression".</summary>
    public string Task => Classification is null ? "regression" : "classification";

    /// <summary>The rows evaluated.</summary>
    public long Rows => Classification?.Count ?? Regression!.Count;

    /// <summary>Rows left out because their target was missing.</summary>
    public long RowsWithoutTarget { get; init; }

    /// <summary>The output feature these figures are of, for a model with several outputs (<see cref="MultiOutputEvaluation"/>); null for a model with one.</summary>
    public string? Output { get; init; }

    /// <summary>Images left out because they could not be read (an image folder only).</summary>
    public long UnreadableImages { get; init; }

    /// <summary>The headline figures by metric key.</summary>
    public IReadOnlyDictionary<string, double> Metrics => Classification?.Metrics ?? Regression!.Metrics;

    /// <summary>The evaluation as JSON: the metrics, per-class figures and confusion matrix or the residuals' histogram, and the curves' points.</summary>
    public string ToJson() => ToJsonObject().ToJsonString(Indented);

    internal static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };

    internal JsonObject ToJsonObject()
    {
        var json = new JsonObject
        {
            ["task"] = Task,
            ["data"] = Data,
            ["rows"] = Rows,
            ["rows_without_target"] = RowsWithoutTarget,
            ["unreadable_images"] = UnreadableImages,
            ["metrics"] = new JsonObject(Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => KeyValuePair.Create(m.Key, Number(m.Value)))),
        };
        if (Classification is { } c)
        {
            json["classes"] = new JsonArray(c.Classes.Select(k => (JsonNode)new JsonObject
            {
                ["name"] = k.Name, ["precision"] = k.Precision, ["recall"] = k.Recall, ["f1"] = k.F1, ["support"] = k.Support,
            }).ToArray());
            var matrix = c.ConfusionMatrix;
            json["confusion_matrix"] = new JsonArray(Enumerable.Range(0, matrix.GetLength(0))
                .Select(i => (JsonNode)new JsonArray(Enumerable.Range(0, matrix.GetLength(1)).Select(j => (JsonNode)matrix[i, j]).ToArray())).ToArray());
            json["roc_curves"] = Curves(c.RocCurves, "fpr", "tpr", "auc");
            json["precision_recall_curves"] = Curves(c.PrecisionRecallCurves, "recall", "precision", "average_precision");
            json["calibration"] = new JsonArray(c.Calibration.Select(b => (JsonNode)new JsonObject
            {
                ["lower"] = b.Lower, ["upper"] = b.Upper, ["mean_predicted"] = b.MeanPredicted, ["observed"] = b.ObservedFrequency, ["count"] = b.Count,
            }).ToArray());
        }
        else if (Regression is { } r)
        {
            json["residual_histogram"] = new JsonArray(r.ResidualHistogram.Select(b => (JsonNode)new JsonObject
            {
                ["lower"] = b.Lower, ["upper"] = b.Upper, ["count"] = b.Count,
            }).ToArray());
        }
        return json;
    }

    private static JsonArray Curves(IReadOnlyList<Curve> curves, string x, string y, string area) =>
        new(curves.Select(curve => (JsonNode)new JsonObject
        {
            ["class"] = curve.Label,
            [area] = Number(curve.Area),
            [x] = new JsonArray(curve.X.Select(v => (JsonNode)Math.Round(v, 6)).ToArray()),
            [y] = new JsonArray(curve.Y.Select(v => (JsonNode)Math.Round(v, 6)).ToArray()),
        }).ToArray());

    // JSON has no NaN: an undefined figure (an AUC with one class) is null.
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
