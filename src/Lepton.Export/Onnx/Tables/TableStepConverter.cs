using System.Globalization;
using Lepton.Data.Pipelines;
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

    /// <summary>True for the steps that remove rows: training only, skipped by prediction and by the file.</summary>
    public static bool DropsRows(FittedStep step) =>
        step.Kind is "drop_missing" or "filter" or "deduplicate" || (step.Kind == "outliers" && step.Enum<OutlierAction>("Action") == OutlierAction.Drop);

    public void Convert(FittedStep step)
    {
        switch (step.Kind)
        {
            case "impute": Impute(step); break;
            case "scale": Scale(step); break;
            case "log": Log(step); break;
            case "outliers": Clip(step); break;
            case "onehot": OneHot(step); break;
            case "ordinal": Ordinal(step); break;
            case "target_encode": TargetEncode(step); break;
            case "pca": Pca(step); break;
            case "polynomial": Polynomial(step); break;
            case "variance_threshold" or "correlation_filter" or "select_best" or "model_selection": Remove(step.Strings("Removed")); break;
            case "drop_columns": Remove(step.Strings("Columns")); break;
            case "hashing":
            {
                var column = step.String("Column");
                Replace(step, column, Enumerable.Range(0, step.Int("Buckets")).Select(b => $"{column}#{b}"),
                    "its buckets come from the MD5 hash of the text, and ONNX has no hash operator; use one-hot or ordinal encoding for a model to export");
                break;
            }
            case "date_parts":
            {
                var column = step.String("Column");
                var parts = step.Doubles("Parts").Select(p => (DatePart)(int)p);
                Replace(step, column, parts.Select(p => $"{column}_{DatePartName(p)}"),
                    "ONNX has no operator that reads a date from text; give the model the parts (year, month, …) as number columns instead");
                break;
            }
            case "tfidf":
            {
                var column = step.String("Column");
                Replace(step, column, step.Strings("Vocabulary").Select(v => $"{column}:{v}"), Words);
                break;
            }
            case "token_ids":
            {
                var column = step.String("Column");
                Replace(step, column, Enumerable.Range(0, step.Int("SequenceLength")).Select(i => $"{column}#{i}"), Words);
                break;
            }
            case "subword_ids":
            {
                var column = step.String("Column");
                Replace(step, column, Enumerable.Range(0, step.Int("SequenceLength")).Select(i => $"{column}#{i}"),
                    $"ONNX has no operator for {step.String("Encoding")}'s byte-pair tokenizer");
                break;
            }
            default:
                throw new OnnxExportException($"Step '{step.Description}' ({step.Kind}) cannot be exported to ONNX: the exporter has no converter for it.");
        }
    }

    private static string DatePartName(DatePart part) => part switch
    {
        DatePart.DayOfWeek => "day_of_week",
        DatePart.DayOfYear => "day_of_year",
        _ => part.ToString().ToLowerInvariant(),
    };

    private const string Words =
        "ONNX has no operator that cuts text into words as Lepton does (lower case, split at anything not a letter or digit): " +
        "its TfIdfVectorizer counts tokens already split, and a Tokenizer that splits text exists only as a Microsoft contrib operator outside the ONNX standard";

    private static string Refusal(FittedStep step, string column, string reason) =>
        $"Step '{step.Description}' (column '{column}') cannot be exported to ONNX: {reason}.";

    /// <summary>The column goes; its outputs are columns that fail if read.</summary>
    private void Replace(FittedStep step, string column, IEnumerable<string> outputs, string reason)
    {
        table.Remove(column);
        foreach (var output in outputs) table.Set(output, TableColumn.Refused(Refusal(step, column, reason)));
    }

    private void Remove(IEnumerable<string> columns)
    {
        foreach (var column in columns) table.Remove(column);
    }

    private void Impute(FittedStep step)
    {
        var method = step.Enum<Imputation>("Method");
        var fills = step.Texts("Fill");
        foreach (var column in step.Strings("Columns"))
        {
            if (method is Imputation.ForwardFill or Imputation.BackwardFill or Imputation.Linear)
            {
                table.Set(column, TableColumn.Refused(Refusal(step, column,
                    "it fills a gap from the neighbouring rows of the table being transformed, so a row's value depends on the rows sent with it, and ONNX computes each row on its own; impute with mean, median, mode or a constant instead")));
                continue;
            }
            if (!fills.TryGetValue(column, out var fill)) continue;   // nothing to fill from: left as it is
            var current = table.Get(column, wantText: method is Imputation.Mode or Imputation.Constant && !IsNumber(fill), step.Description);
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

    private void Scale(FittedStep step)
    {
        var method = step.Enum<Scaling>("Method");
        var (center, scale, quantiles) = (step.Numbers("Center"), step.Numbers("Scale"), step.NumberLists("Quantiles"));
        foreach (var column in step.Strings("Columns"))
        {
            var x = table.Number(column, step.Description);
            table.Set(column, TableColumn.Number(method == Scaling.Quantile
                ? Quantile(x, quantiles[column], column)
                : graph.Node("Div", [graph.Node("Sub", [x, graph.Double(center[column])], $"{column}/centered"), graph.Double(scale[column])], $"{column}/scaled")));
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
    private void Log(FittedStep step)
    {
        foreach (var column in step.Strings("Columns"))
        {
            var x = table.Number(column, step.Description);
            var log = graph.Node("Log", [graph.Node("Add", [x, graph.Double(1)], $"{column}/plus_one")], $"{column}/log");
            var valid = graph.Node("Greater", [x, graph.Double(-1)], $"{column}/has_log");
            table.Set(column, TableColumn.Number(graph.Node("Where", [valid, log, graph.Double(double.NaN)], $"{column}/log1p")));
        }
    }

    /// <summary>Clipping at the fitted bounds; a missing value stays missing. Dropping outliers removes rows: training only.</summary>
    private void Clip(FittedStep step)
    {
        if (DropsRows(step) || step.OptionalDouble("Low") is not { } low || step.OptionalDouble("High") is not { } high || double.IsNaN(low)) return;
        var column = step.String("Column");
        var x = table.Number(column, step.Description);
        var clipped = graph.Node("Clip", [x, graph.Double(low), graph.Double(high)], $"{column}/clipped");
        table.Set(column, TableColumn.Number(graph.Node("Where", [graph.Node("IsNaN", [x], $"{column}/missing"), x, clipped], $"{column}/clipped_or_missing")));
    }

    /// <summary>One 0/1 column per category: the category's index compared with 0…K−1 (an unseen or missing category matches none).</summary>
    private void OneHot(FittedStep step)
    {
        var (column, categories) = (step.String("Column"), step.Strings("Categories"));
        var code = Code(step, column, categories);
        table.Remove(column);
        var k = categories.Length;
        if (k == 0) return;
        var indices = graph.Int64Tensor($"{column}/categories", [.. Enumerable.Range(0, k).Select(i => (long)i)], [1, k]);
        var hot = graph.Node("Cast", [graph.Node("Equal", [code, indices], $"{column}/is")], $"{column}/onehot", Int("to", (long)TensorProto.Types.DataType.Double));
        var parts = Split(hot, k, column);
        for (var i = 0; i < k; i++) table.Set($"{column}={categories[i]}", TableColumn.Number(parts[i]));
    }

    /// <summary>The category's index, −1 when unseen or missing.</summary>
    private void Ordinal(FittedStep step)
    {
        var column = step.String("Column");
        table.Set(column, TableColumn.Number(graph.Node("Cast", [Code(step, column, step.Strings("Categories"))], $"{column}/ordinal", Int("to", (long)TensorProto.Types.DataType.Double))));
    }

    /// <summary>The category's fitted mean target, the prior when unseen or missing: a Gather from [prior, encodings…] at index + 1.</summary>
    private void TargetEncode(FittedStep step)
    {
        var column = step.String("Column");
        var encoding = step.Numbers("Encoding");
        var keys = encoding.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var code = Code(step, column, keys);
        var values = graph.Doubles($"{column}/encodings", [step.Double("Prior"), .. keys.Select(k => encoding[k])], [keys.Length + 1]);
        var shifted = graph.Node("Add", [code, graph.Int64(1)], $"{column}/position");
        table.Set(column, TableColumn.Number(graph.Node("Gather", [values, shifted], $"{column}/target_encoded", Int("axis", 0))));
    }

    /// <summary>(x − means) · Wᵀ on the columns side by side, one column per component; a missing input makes every component missing.</summary>
    private void Pca(FittedStep step)
    {
        var (columns, prefix, components) = (step.Strings("Columns"), step.String("Prefix"), step.Matrix("Weights"));
        var inputs = columns.Select(c => table.Number(c, step.Description)).ToList();
        var x = inputs.Count == 1 ? inputs[0] : graph.Node("Concat", inputs, $"{prefix}/inputs", Int("axis", 1));
        var d = columns.Length;
        var p = components.Length;
        var means = graph.Doubles($"{prefix}/means", step.Doubles("Means"), [1, d]);
        var weights = new double[d * p];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < p; j++) weights[(i * p) + j] = components[j][i];
        var projection = graph.Doubles($"{prefix}/components", weights, [d, p]);
        var projected = graph.Node("MatMul", [graph.Node("Sub", [x, means], $"{prefix}/centered"), projection], $"{prefix}/projected");
        foreach (var column in columns) table.Remove(column);
        var parts = Split(projected, p, prefix);
        for (var j = 0; j < p; j++) table.Set($"{prefix}{j + 1}", TableColumn.Number(parts[j]));
    }

    private void Polynomial(FittedStep step)
    {
        var columns = step.Strings("Columns");
        var values = columns.Select(c => table.Number(c, step.Description)).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            for (var j = step.Bool("InteractionOnly") ? i + 1 : i; j < values.Length; j++)
            {
                var name = i == j ? $"{columns[i]}^2" : $"{columns[i]}*{columns[j]}";
                table.Set(name, TableColumn.Number(graph.Node("Mul", [values[i], values[j]], name)));
            }
        }
    }

    /// <summary>
    /// The index of a column's value among <paramref name="categories"/> (as SQL's list_position − 1 on the value as
    /// text), −1 when unseen or missing, as [batch, 1] int64. Text: LabelEncoder from category to index ("" to the
    /// imputed category's). Numbers: Equal against the categories read as numbers, then the matching index.
    /// </summary>
    private string Code(FittedStep step, string column, string[] categories)
    {
        var value = table.Get(column, wantText: true, step.Description);
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
