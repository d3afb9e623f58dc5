using System.Text;
using System.Text.Json.Nodes;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines;

/// <summary>
/// What a model trained on a table needs in order to read raw records: the fitted pipeline, and the columns it
/// produces that make the model's input, in order. Stored together in the model file's preprocessing, so a server
/// can take <c>{"age": 31, "city": "Paris"}</c> and give the model exactly what training gave it.
/// </summary>
public sealed class TablePreprocessing
{
    /// <summary>The key the feature columns are stored under, beside <see cref="FittedPipeline.PreprocessingKey"/>.</summary>
    public const string FeaturesKey = "table_features";

    /// <summary>Pairs a fitted pipeline with the columns of its output that the model reads.</summary>
    /// <exception cref="ArgumentException">A feature is not a column the pipeline produces.</exception>
    public TablePreprocessing(FittedPipeline pipeline, IReadOnlyList<string> features)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0) throw new ArgumentException("Give at least one feature column.", nameof(features));
        var unknown = features.Where(f => !pipeline.OutputColumns.Contains(f)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"The pipeline does not produce {string.Join(", ", unknown.Select(u => $"'{u}'"))}; it produces {string.Join(", ", pipeline.OutputColumns)}.", nameof(features));
        Pipeline = pipeline;
        Features = features.ToList();
    }

    /// <summary>The fitted steps, applied to every record as they were to the training table.</summary>
    public FittedPipeline Pipeline { get; }

    /// <summary>The columns the model reads, in the order of its input.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>Writes the pipeline and the features into a model's preprocessing (<c>model.Metadata.Preprocessing</c>).</summary>
    public void WriteTo(JsonObject preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        preprocessing[FittedPipeline.PreprocessingKey] = Pipeline.ToJsonObject();
        preprocessing[FeaturesKey] = new JsonArray(Features.Select(f => (JsonNode)f).ToArray());
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote, or null when the preprocessing holds no pipeline with its features.</summary>
    /// <exception cref="PipelineException">The stored pipeline or feature list cannot be read.</exception>
    public static TablePreprocessing? ReadFrom(JsonObject preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        if (FittedPipeline.FromPreprocessing(preprocessing) is not { } pipeline || preprocessing[FeaturesKey] is not JsonArray list) return null;
        var features = list.Select(f => f is JsonValue v && v.TryGetValue<string>(out var name) ? name
            : throw new PipelineException($"The model's \"{FeaturesKey}\" must be a list of column names; it holds {f?.ToJsonString() ?? "null"}.")).ToList();
        try
        {
            return new TablePreprocessing(pipeline, features);
        }
        catch (ArgumentException e)
        {
            throw new PipelineException($"The model's \"{FeaturesKey}\" do not match its pipeline: {e.Message}", e);
        }
    }

    /// <summary>
    /// The model's input for raw records (one JSON object per row, named as the training table's columns): the records
    /// are read as a table, the pipeline applied, and the features returned row-major, one row per record.
    /// </summary>
    /// <exception cref="PipelineException">A record is not an object, or a column is missing and has no default, or a feature is not numeric.</exception>
    public float[] FeaturesOf(IReadOnlyList<JsonObject> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) throw new PipelineException("There are no records to read.");
        // DuckDB reads tables from files: the records go through a JSON Lines file of their own, deleted after.
        var path = Path.Combine(Path.GetTempPath(), $"lepton-records-{Guid.NewGuid():N}.jsonl");
        try
        {
            var lines = new StringBuilder();
            foreach (var record in records) lines.Append(record.ToJsonString()).Append('\n');
            File.WriteAllText(path, lines.ToString());
            using var table = Table.Read(path);
            using var result = Pipeline.Apply(table);
            using var features = FeatureTensors.ToFeatureTensor(result.Table, [.. Features]);
            return features.data<float>().ToArray();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
