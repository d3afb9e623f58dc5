using System.Globalization;
using Lepton.Data.Pipelines;
using Lepton.Data.Pipelines.Steps;
using Onnx;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx.Tables;

/// <summary>
/// Each fitted pipeline step as ONNX and ONNX-ML operators on [batch, 1] columns, computing what its SQL computes:
/// in double as the SQL does (a value at a tree's threshold must land on the same side), NaN where SQL has NULL, "" for
/// a missing category. Steps that remove rows are skipped, as
/// <see cref="FittedPipeline.Apply"/> skips them for prediction; steps no ONNX operator computes leave columns that
/// fail, naming the step, the column and the reason, only when the model reads them.
/// </summary>
internal sealed class TableStepConverter(OnnxGraphBuilder graph, TableColumns table)
{
    private const string Ml = TreeEnsembleConverter.Domain;

    public void Convert(PipelineStep step)
    {
        switch (step)
        {
            case ImputeStep impute: Impute(impute); break;
            case ScaleStep scale: Scale(scale); break;
            case LogStep log: Log(log); break;
            case OutlierStep outlier: Clip(outlier); break;
            case OneHotStep oneHot: OneHot(oneHot); break;
            case OrdinalStep ordinal: Ordinal(ordinal); break;
            case TargetEncodeStep target: TargetEncode(target); break;
            case PcaStep pca: Pca(pca); break;
            case PolynomialStep polynomial: Polynomial(polynomial); break;
            case VarianceThresholdStep s: Remove(s.Removed); break;
            case CorrelationFilterStep s: Remove(s.Removed); break;
            case SelectBestStep s: Remove(s.Removed); break;
            case ModelSelectionStep s: Remove(s.Removed); break;
            case DropColumnsStep s: Remove(s.Columns); break;
            case HashingStep s:
                Replace(s, s.Column, Enumerable.Range(0, s.Buckets).Select(b => $"{s.Column}#{b}"),
                    "its buckets come from the MD5 hash of the text, and ONNX has no hash operator; use one-hot or ordinal encoding for a model to export");
                break;
            case DatePartsStep s:
                Replace(s, s.Column, s.Parts.Select(p => DatePartsStep.OutputName(s.Column, p)),
                    "ONNX has no operator that reads a date from text; give the model the parts (year, month, …) as number columns instead");
                break;
            case TfIdfStep s:
                Replace(s, s.Column, s.Vocabulary.Select(v => $"{s.Column}:{v}"), Words);
                break;
            case TokenIdsStep s:
                Replace(s, s.Column, Enumerable.Range(0, s.SequenceLength).Select(i => $"{s.Column}#{i}"), Words);
                break;
            case SubwordIdsStep s:
                Replace(s, s.Column, Enumerable.Range(0, s.SequenceLength).Select(i => $"{s.Column}#{i}"),
                    $"ONNX has no operator for {s.Encoding}'s byte-pair tokenizer");
                break;
            default:
                throw new OnnxExportException($"Step '{step.Describe()}' ({step.GetType().Name}) cannot be exported to ONNX: the exporter has no converter for it.");
        }
    }

    private const string Words =
        "ONNX has no operator that cuts text into words as Lepton does (lower case, split at anything not a letter or digit): " +
        "its TfIdfVectorizer counts tokens already split, and a Tokenizer that splits text exists only as a Microsoft contrib operator outside the ONNX standard";

    private static string Refusal(PipelineStep step, string column, string reason) =>
        $"Step '{step.Describe()}' (column '{column}') cannot be exported to ONNX: {reason}.";

    /// <summary>The column goes; its outputs are columns that fail if read.</summary>
    private void Replace(PipelineStep step, string column, IEnumerable<string> outputs, string reason)
    {
        table.Remove(column);
        foreach (var output in outputs) table.Set(output, TableColumn.Refused(Refusal(step, column, reason)));
    }

    private void Remove(IEnumerable<string> columns)
    {
        foreach (var column in columns) table.Remove(column);
    }

    private void Impute(ImputeStep step)
    {
        foreach (var column in step.Columns)
        {
            if (step.Method is Imputation.ForwardFill or Imputation.BackwardFill or Imputation.Linear)
            {
                table.Set(column, TableColumn.Refused(Refusal(step, column,
                    "it fills a gap from the neighbouring rows of the table being transformed, so a row's value depends on the rows sent with it, and ONNX computes each row on its own; impute with mean, median, mode or a constant instead")));
                continue;
            }
            if (!step.Fill.TryGetValue(column, out var fill)) continue;   // nothing to fill from: left as it is
            var current = table.Get(column, wantText: step.Method is Imputation.Mode or Imputation.Constant && !IsNumber(fill), step.Describe());
            if (current.IsText)
            {
                // Strings have no missing value in ONNX: "" stands for one, and the steps that read categories map it to the fill.
                table.Set(column, TableColumn.Text(current.Value, current.MissingAs ?? fill));
                continue;
            }
            var value = Parse(fill, table.IsBoolean(column));
            if (double.IsNaN(value))
                throw new OnnxExportException(Refusal(step, column, $"its fill value '{fill}' is not a number, but the column holds numbers"));
            // Where/IsNaN rather than ONNX-ML's Imputer: onnx's checker has no type inference for Imputer, so a strict check fails.
            var missing = graph.Node("IsNaN", [current.Value], $"{column}/missing");
            table.Set(column, TableColumn.Number(graph.Node("Where", [missing, graph.Double((double)value), current.Value], $"{column}/imputed")));
        }
    }

    private void Scale(ScaleStep step)
    {
        foreach (var column in step.Columns)
        {
            var x = table.Number(column, step.Describe());
            table.Set(column, TableColumn.Number(step.Method == Scaling.Quantile
                ? Quantile(x, step.Quantiles[column], column)
                : graph.Node("Div", [graph.Node("Sub", [x, graph.Double((double)step.Center[column])], $"{column}/centered"), graph.Double((double)step.Scale[column])], $"{column}/scaled")));
        }
    }

    /// <summary>
    /// The training quantile of x, linear between the 101 fitted points: each rising segment adds its share
    /// (clipped to 0…1) of a 1/100 step, each repeated point a whole step once x is above it, so x at or below the
    /// first point is 0 and above the last is 1, as the SQL's CASE chain; NaN stays NaN.
    /// </summary>
    private string Quantile(string x, double[] q, string column)
    {
        if (q.Length == 0 || double.IsNaN(q[0])) return graph.Node("Mul", [x, graph.Double(double.NaN)], $"{column}/quantile");
        var step = 1.0 / (q.Length - 1);
        var rising = Enumerable.Range(1, q.Length - 1).Where(i => q[i] != q[i - 1]).ToArray();
        var repeated = Enumerable.Range(1, q.Length - 1).Where(i => q[i] == q[i - 1]).ToArray();
        var terms = new List<string>();
        if (rising.Length > 0)
        {
            var low = graph.Doubles($"{column}/quantile_low", [.. rising.Select(i => q[i - 1])], [1, rising.Length]);
            var width = graph.Doubles($"{column}/quantile_width", [.. rising.Select(i => q[i] - q[i - 1])], [1, rising.Length]);
            var share = graph.Node("Div", [graph.Node("Sub", [x, low], $"{column}/from_low"), width], $"{column}/share");
            var clipped = graph.Node("Clip", [share, graph.Double(0), graph.Double(1)], $"{column}/share_clipped");
            terms.Add(graph.Node("ReduceSum", [clipped, graph.Int64s(1)], $"{column}/segments", Int("keepdims", 1)));
        }
        if (repeated.Length > 0)
        {
            var points = graph.Doubles($"{column}/quantile_repeated", [.. repeated.Select(i => q[i])], [1, repeated.Length]);
            var above = graph.Node("Cast", [graph.Node("Greater", [x, points], $"{column}/above")], $"{column}/above_float", Int("to", (long)TensorProto.Types.DataType.Double));
            terms.Add(graph.Node("ReduceSum", [above, graph.Int64s(1)], $"{column}/repeats", Int("keepdims", 1)));
        }
        var steps = terms.Count == 1 ? terms[0] : graph.Node("Add", terms, $"{column}/steps");
        var quantile = graph.Node("Mul", [steps, graph.Double(step)], $"{column}/quantile");
        return graph.Node("Where", [graph.Node("IsNaN", [x], $"{column}/missing"), x, quantile], $"{column}/quantile_or_missing");
    }

    /// <summary>ln(1 + x) where x &gt; −1, else missing (NaN), as the SQL's CASE.</summary>
    private void Log(LogStep step)
    {
        foreach (var column in step.Columns)
        {
            var x = table.Number(column, step.Describe());
            var log = graph.Node("Log", [graph.Node("Add", [x, graph.Double(1)], $"{column}/plus_one")], $"{column}/log");
            var valid = graph.Node("Greater", [x, graph.Double(-1)], $"{column}/has_log");
            table.Set(column, TableColumn.Number(graph.Node("Where", [valid, log, graph.Double(double.NaN)], $"{column}/log1p")));
        }
    }

    /// <summary>Clipping at the fitted bounds; a missing value stays missing. Dropping outliers removes rows: training only.</summary>
    private void Clip(OutlierStep step)
    {
        if (step.DropsRows || step.Low is not { } low || step.High is not { } high || double.IsNaN(low)) return;
        var x = table.Number(step.Column, step.Describe());
        var clipped = graph.Node("Clip", [x, graph.Double((double)low), graph.Double((double)high)], $"{step.Column}/clipped");
        table.Set(step.Column, TableColumn.Number(graph.Node("Where", [graph.Node("IsNaN", [x], $"{step.Column}/missing"), x, clipped], $"{step.Column}/clipped_or_missing")));
    }

    /// <summary>One 0/1 column per category: the category's index compared with 0…K−1 (an unseen or missing category matches none).</summary>
    private void OneHot(OneHotStep step)
    {
        var code = Code(step, step.Column, step.Categories);
        table.Remove(step.Column);
        var k = step.Categories.Length;
        if (k == 0) return;
        var indices = graph.Int64Tensor($"{step.Column}/categories", [.. Enumerable.Range(0, k).Select(i => (long)i)], [1, k]);
        var hot = graph.Node("Cast", [graph.Node("Equal", [code, indices], $"{step.Column}/is")], $"{step.Column}/onehot", Int("to", (long)TensorProto.Types.DataType.Double));
        var parts = Split(hot, k, step.Column);
        for (var i = 0; i < k; i++) table.Set(OneHotStep.OutputName(step.Column, step.Categories[i]), TableColumn.Number(parts[i]));
    }

    /// <summary>The category's index, −1 when unseen or missing.</summary>
    private void Ordinal(OrdinalStep step) =>
        table.Set(step.Column, TableColumn.Number(graph.Node("Cast", [Code(step, step.Column, step.Categories)], $"{step.Column}/ordinal", Int("to", (long)TensorProto.Types.DataType.Double))));

    /// <summary>The category's fitted mean target, the prior when unseen or missing: a Gather from [prior, encodings…] at index + 1.</summary>
    private void TargetEncode(TargetEncodeStep step)
    {
        var keys = step.Encoding.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var code = Code(step, step.Column, keys);
        var values = graph.Doubles($"{step.Column}/encodings", [step.Prior, .. keys.Select(k => step.Encoding[k])], [keys.Length + 1]);
        var shifted = graph.Node("Add", [code, graph.Int64(1)], $"{step.Column}/position");
        table.Set(step.Column, TableColumn.Number(graph.Node("Gather", [values, shifted], $"{step.Column}/target_encoded", Int("axis", 0))));
    }

    /// <summary>(x − means) · Wᵀ on the columns side by side, one column per component; a missing input makes every component missing.</summary>
    private void Pca(PcaStep step)
    {
        var inputs = step.Columns.Select(c => table.Number(c, step.Describe())).ToList();
        var x = inputs.Count == 1 ? inputs[0] : graph.Node("Concat", inputs, $"{step.Prefix}/inputs", Int("axis", 1));
        var d = step.Columns.Length;
        var p = step.Weights.Length;
        var means = graph.Doubles($"{step.Prefix}/means", [.. step.Means], [1, d]);
        var weights = new double[d * p];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < p; j++) weights[(i * p) + j] = step.Weights[j][i];
        var projection = graph.Doubles($"{step.Prefix}/components", weights, [d, p]);
        var projected = graph.Node("MatMul", [graph.Node("Sub", [x, means], $"{step.Prefix}/centered"), projection], $"{step.Prefix}/projected");
        foreach (var column in step.Columns) table.Remove(column);
        var parts = Split(projected, p, step.Prefix);
        for (var j = 0; j < p; j++) table.Set($"{step.Prefix}{j + 1}", TableColumn.Number(parts[j]));
    }

    private void Polynomial(PolynomialStep step)
    {
        var values = step.Columns.Select(c => table.Number(c, step.Describe())).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            for (var j = step.InteractionOnly ? i + 1 : i; j < values.Length; j++)
            {
                var name = i == j ? $"{step.Columns[i]}^2" : $"{step.Columns[i]}*{step.Columns[j]}";
                table.Set(name, TableColumn.Number(graph.Node("Mul", [values[i], values[j]], name)));
            }
        }
    }

    /// <summary>
    /// The index of a column's value among <paramref name="categories"/> (as SQL's list_position − 1 on the value as
    /// text), −1 when unseen or missing, as [batch, 1] int64. Text: LabelEncoder from category to index ("" to the
    /// imputed category's). Numbers: Equal against the categories read as numbers, then the matching index.
    /// </summary>
    private string Code(PipelineStep step, string column, string[] categories)
    {
        var value = table.Get(column, wantText: true, step.Describe());
        if (value.IsText)
        {
            var keys = categories.ToList();
            var codes = Enumerable.Range(0, keys.Count).Select(i => (long)i).ToList();
            if (value.MissingAs is { } fill && !keys.Contains(""))
            {
                keys.Add("");
                codes.Add(Array.IndexOf(categories, fill));
            }
            if (keys.Count == 0)
            {
                keys.Add("\0");   // no category: a key no text holds, so every value is unseen
                codes.Add(-1);
            }
            return graph.DomainNode(Ml, 2, "LabelEncoder", [value.Value], $"{column}/code",
                Strings("keys_strings", [.. keys]), Ints("values_int64s", [.. codes]), Int("default_int64", -1));
        }

        var boolean = table.IsBoolean(column);
        var numbers = categories.Length == 0 ? [double.NaN] : categories.Select(c => Parse(c, boolean)).ToArray();
        var k = numbers.Length;
        var row = graph.Doubles($"{column}/category_values", numbers, [1, k]);
        var hot = graph.Node("Cast", [graph.Node("Equal", [value.Value, row], $"{column}/equals")], $"{column}/matches", Int("to", (long)TensorProto.Types.DataType.Double));
        var positions = graph.Doubles($"{column}/category_positions", [.. Enumerable.Range(1, k).Select(i => (double)i)], [k, 1]);
        var position = graph.Node("MatMul", [hot, positions], $"{column}/position");
        return graph.Node("Cast", [graph.Node("Sub", [position, graph.Double(1)], $"{column}/index")], $"{column}/code", Int("to", (long)TensorProto.Types.DataType.Int64));
    }

    /// <summary>A [batch, n] value as n [batch, 1] values.</summary>
    private string[] Split(string value, int n, string hint) => n == 1
        ? [value]
        : graph.Nodes("Split", [value, graph.Int64s([.. Enumerable.Repeat(1L, n)])], [.. Enumerable.Range(0, n).Select(i => $"{hint}/{i}")], Int("axis", 1));

    private static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>A category or fill value as the number a number column holds (booleans as 1 and 0); NaN when it is none.</summary>
    private static double Parse(string text, bool boolean) => boolean && text is "true" or "false"
        ? text == "true" ? 1 : 0
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
}
