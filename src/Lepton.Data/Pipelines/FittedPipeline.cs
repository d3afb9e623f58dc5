using System.Text.Json;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Lepton.Data.Pipelines.Steps;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines;

/// <summary>
/// A pipeline fitted on training data: applies the same steps, unchanged, to any table, and round-trips through
/// JSON (alone, or inside a model file's preprocessing under <see cref="PreprocessingKey"/>).
/// </summary>
public sealed class FittedPipeline
{
    /// <summary>The key a fitted pipeline is stored under in a model's preprocessing (<c>ModelMetadata.Preprocessing</c>).</summary>
    public const string PreprocessingKey = "table_pipeline";

    // NaN (a statistic of an all-missing training column) is written as "NaN" rather than failing the save.
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly PipelineDocument document;
    private Dictionary<string, ColumnKind>? inputKinds;

    internal FittedPipeline(PipelineDocument document) => this.document = document;

    /// <summary>The columns of the training table the pipeline was fitted on.</summary>
    public IReadOnlyList<string> InputColumns => document.InputColumns;

    /// <summary>
    /// The kind of each of <see cref="InputColumns"/> in the training table, so raw records can be typed as training
    /// saw them; empty for a pipeline saved before kinds were stored.
    /// </summary>
    public IReadOnlyDictionary<string, ColumnKind> InputKinds => inputKinds ??= document.InputKinds
        .Where(k => Enum.TryParse<ColumnKind>(k.Value, out _))
        .ToDictionary(k => k.Key, k => Enum.Parse<ColumnKind>(k.Value), StringComparer.Ordinal);

    /// <summary>
    /// The categories a one-hot or ordinal step learned for <paramref name="column"/> from the training table, in the
    /// step's order (what a form can offer for it); null when no such step reads the column.
    /// </summary>
    public IReadOnlyList<string>? CategoriesOf(string column) => document.Steps
        .Select(s => s switch
        {
            OneHotStep o when o.Column == column => o.Categories,
            OrdinalStep o when o.Column == column => o.Categories,
            _ => null,
        })
        .FirstOrDefault(c => c is not null);

    /// <summary>The columns the pipeline produced from the training table, in order: the model's features (and target, if kept).</summary>
    public IReadOnlyList<string> OutputColumns => document.OutputColumns;

    /// <summary>The steps, as people read them.</summary>
    public IReadOnlyList<string> Steps => document.Steps.Select(s => s.Describe()).ToList();

    /// <summary>
    /// The steps that remove rows (drop missing, filter, deduplicate, drop outliers). They shape the training table;
    /// <see cref="Apply"/> skips them unless asked, so a model's pipeline gives one output row per input row.
    /// </summary>
    public IReadOnlyList<string> TrainingOnlySteps => document.Steps.Where(s => s.DropsRows).Select(s => s.Describe()).ToList();

    /// <summary>
    /// Applies the fitted steps to a table (left unchanged) and returns the new table with a report per step.
    /// A column the steps need that the table lacks is added from a configured default (reported), or else raises
    /// <see cref="PipelineException"/> naming it; so does a column whose values the step cannot take (text where the
    /// training table had numbers).
    /// </summary>
    /// <param name="table">The rows to transform.</param>
    /// <param name="dropRows">
    /// Also run the <see cref="TrainingOnlySteps"/>, as on the training table (to clean a data file, or to drop test
    /// rows without a target before evaluating). By default they are skipped, noted in the report, and every input
    /// row has its output row, in order: what prediction and serving need.
    /// </param>
    public PipelineResult Apply(Table table, bool dropRows = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        var working = WorkingTable.CopyOf(table);
        try
        {
            var reports = Run(working, dropRows);
            var rows = working.RowCount;
            return new PipelineResult(working.ToTable(), new PipelineReport(reports, table.RowCount, rows));
        }
        finally
        {
            working.Dispose();
        }
    }

    /// <summary>True when a missing <paramref name="column"/> is filled with a default (<c>Pipeline.WithDefault</c>).</summary>
    internal bool HasDefault(string column) => document.Defaults.ContainsKey(column);

    /// <summary>Fills defaults for missing columns, then runs the steps on a working table in place.</summary>
    internal List<StepReport> Run(WorkingTable working, bool dropRows)
    {
        var reports = new List<StepReport>();
        var filled = new List<string>();
        foreach (var (column, value) in document.Defaults)
        {
            if (working.Has(column)) continue;
            working.AddConstant(column, value.SqlValue, value.Kind);
            filled.Add($"{column} = {value}");
        }
        if (filled.Count > 0)
            reports.Add(new StepReport("defaults for missing columns") { ColumnsAdded = filled.Select(f => f.Split(' ')[0]).ToList(), Notes = filled });
        foreach (var step in document.Steps)
        {
            reports.Add(step.DropsRows && !dropRows
                ? new StepReport(step.Describe()) { Notes = ["not applied: it removes rows, which only training does (Apply(table, dropRows: true) runs it)"] }
                : Applied(step, working));
        }
        return reports;
    }

    /// <summary>The pipeline as JSON text: settings and fitted state of every step.</summary>
    public string ToJson() => JsonSerializer.Serialize(document, Json);

    /// <summary>The pipeline as a JSON object, e.g. for <c>model.Metadata.Preprocessing[FittedPipeline.PreprocessingKey]</c>.</summary>
    public JsonObject ToJsonObject() => JsonNode.Parse(ToJson())!.AsObject();

    /// <summary>Reads a pipeline written by <see cref="ToJson"/>.</summary>
    /// <exception cref="PipelineException">The text is not a Lepton pipeline, or from a newer version.</exception>
    public static FittedPipeline FromJson(string json)
    {
        PipelineDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<PipelineDocument>(json, Json);
        }
        catch (JsonException e)
        {
            throw new PipelineException($"The pipeline JSON cannot be read: {e.Message}", e);
        }
        if (document is null || document.Format != "lepton.pipeline")
            throw new PipelineException("The JSON is not a Lepton pipeline (its \"format\" is not \"lepton.pipeline\").");
        if (document.Version > PipelineDocument.CurrentVersion)
            throw new PipelineException($"The pipeline was written by a newer Lepton (format version {document.Version}; this one reads up to {PipelineDocument.CurrentVersion}). Upgrade Lepton.");
        return new FittedPipeline(document);
    }

    /// <summary>Reads a pipeline from a JSON object (as stored in a model's preprocessing).</summary>
    public static FittedPipeline FromJsonObject(JsonObject json) => FromJson(json.ToJsonString());

    /// <summary>Reads the pipeline stored in a model's preprocessing under <see cref="PreprocessingKey"/>, or null when there is none.</summary>
    public static FittedPipeline? FromPreprocessing(JsonObject preprocessing) =>
        preprocessing[PreprocessingKey] is JsonObject json ? FromJsonObject(json) : null;

    /// <summary>Writes the pipeline to a JSON file (written beside it, then renamed).</summary>
    public void Save(string path)
    {
        var target = Path.GetFullPath(path);
        var temp = target + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, ToJson());
        File.Move(temp, target, overwrite: true);
    }

    /// <summary>Reads a pipeline saved with <see cref="Save"/>.</summary>
    public static FittedPipeline Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>The steps, one per line.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Steps);

    // The step's SQL is checked against the training table's types; a table whose column holds other values (a date
    // where a number was) fails in DuckDB, which is the table's fault, not the pipeline's.
    private static StepReport Applied(PipelineStep step, WorkingTable working)
    {
        try
        {
            return step.Apply(working);
        }
        catch (DuckDBException e)
        {
            throw new PipelineException($"The step '{step.Describe()}' cannot be applied to this table: {e.Message.Split('\n')[0]} Give each column the kind of values the training table had.", e);
        }
    }
}
