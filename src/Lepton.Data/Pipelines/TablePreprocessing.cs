using System.Text.Json.Nodes;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines;

/// <summary>
/// What a model trained on a table needs in order to read raw records: the fitted pipeline, and the columns it
/// produces that make the model's input, in order. Stored together in the model file's preprocessing, so a server
/// can take <c>{"age": 31, "city": "Paris"}</c> and give the model exactly what training gave it.
/// </summary>
public sealed class TablePreprocessing : IDisposable
{
    // One engine per concurrent caller, up to one per core (at least two): more would only queue for the cores.
    private readonly RecordEngines engines = new(Math.Max(2, Environment.ProcessorCount));

    /// <summary>The key the feature columns are stored under, beside <see cref="FittedPipeline.PreprocessingKey"/>.</summary>
    public const string FeaturesKey = "table_features";

    /// <summary>The key the raw input columns are stored under (a list of names; their kinds are the pipeline's <see cref="FittedPipeline.InputKinds"/>).</summary>
    public const string InputsKey = "table_inputs";

    /// <summary>The key the sizes of a multi-input model's inputs are stored under (absent for one input).</summary>
    public const string InputSizesKey = "table_input_sizes";

    /// <summary>Pairs a fitted pipeline with the columns of its output that the model reads, and the raw columns a record must hold.</summary>
    /// <param name="pipeline">The fitted steps.</param>
    /// <param name="features">The columns the model reads, in the order of its input (of its inputs, one after another).</param>
    /// <param name="inputSizes">For a model with several inputs (token ids and numbers): how many of the features, in order, each input takes; null for one input of them all.</param>
    /// <param name="inputs">The training table's columns the model reads (the target and unused columns left out); null when unknown, and then a missing column is found by the step that needs it.</param>
    /// <exception cref="ArgumentException">A feature is not a column the pipeline produces, the input sizes do not add up to the features, or an input is not a column the pipeline was fitted on.</exception>
    public TablePreprocessing(FittedPipeline pipeline, IReadOnlyList<string> features, IReadOnlyList<int>? inputSizes = null, IReadOnlyList<string>? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0) throw new ArgumentException("Give at least one feature column.", nameof(features));
        var unknown = features.Where(f => !pipeline.OutputColumns.Contains(f)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"The pipeline does not produce {string.Join(", ", unknown.Select(u => $"'{u}'"))}; it produces {string.Join(", ", pipeline.OutputColumns)}.", nameof(features));
        var foreign = inputs?.Where(i => !pipeline.InputColumns.Contains(i)).ToList() ?? [];
        if (foreign.Count > 0)
            throw new ArgumentException($"The pipeline was not fitted on {string.Join(", ", foreign.Select(u => $"'{u}'"))}; its columns were {string.Join(", ", pipeline.InputColumns)}.", nameof(inputs));
        Pipeline = pipeline;
        Features = features.ToList();
        Inputs = inputs?.ToList();
        InputSizes = inputSizes?.ToList() ?? [features.Count];
        if (InputSizes.Any(n => n < 1) || InputSizes.Sum() != features.Count)
            throw new ArgumentException($"The input sizes {string.Join(", ", InputSizes)} must be positive and add up to the {features.Count} features.", nameof(inputSizes));
    }

    /// <summary>The fitted steps, applied to every record as they were to the training table.</summary>
    public FittedPipeline Pipeline { get; }

    /// <summary>The columns the model reads, in the order of its input.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>The raw columns a record must hold (unless the pipeline gives one a default), in the training table's order; null when the file does not say.</summary>
    public IReadOnlyList<string>? Inputs { get; }

    /// <summary>
    /// Of <see cref="Inputs"/>, those not among <paramref name="columns"/> and without a default in the pipeline: what a
    /// table or a batch of records lacks to be predicted. Empty when nothing is missing or the inputs are unknown.
    /// </summary>
    public IReadOnlyList<string> MissingInputs(IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var present = columns.ToHashSet(StringComparer.Ordinal);
        return Inputs?.Where(i => !present.Contains(i) && !Pipeline.HasDefault(i)).ToList() ?? [];
    }

    /// <summary>
    /// The raw column a feature comes from, as the pipeline names what it makes: the feature itself when it is a column,
    /// else the part before <c>=</c> (one-hot), <c>#</c> (token ids) or <c>:</c> (a word's TF-IDF) when that is one of
    /// <paramref name="columns"/>; a feature made from several columns (a principal component) keeps its own name.
    /// </summary>
    public static string ColumnOf(string feature, IReadOnlyCollection<string> columns)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Contains(feature)) return feature;
        foreach (var separator in new[] { '=', '#', ':' })
        {
            var cut = feature.IndexOf(separator, StringComparison.Ordinal);
            if (cut > 0 && columns.Contains(feature[..cut])) return feature[..cut];
        }
        return feature;
    }

    /// <summary>How many of <see cref="Features"/>, in order, each of the model's inputs takes: one entry for a single-input model.</summary>
    public IReadOnlyList<int> InputSizes { get; }

    /// <summary>Writes the pipeline and the features into a model's preprocessing (<c>model.Metadata.Preprocessing</c>).</summary>
    public void WriteTo(JsonObject preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        preprocessing[FittedPipeline.PreprocessingKey] = Pipeline.ToJsonObject();
        preprocessing[FeaturesKey] = new JsonArray(Features.Select(f => (JsonNode)f).ToArray());
        if (Inputs is not null) preprocessing[InputsKey] = new JsonArray(Inputs.Select(i => (JsonNode)i).ToArray());
        else preprocessing.Remove(InputsKey);
        if (InputSizes.Count > 1) preprocessing[InputSizesKey] = new JsonArray(InputSizes.Select(n => (JsonNode)n).ToArray());
        else preprocessing.Remove(InputSizesKey);
    }

    /// <summary>Cuts a features tensor (rows, features) into one tensor (rows, size) per model input, in <see cref="InputSizes"/>; the tensor itself for one input.</summary>
    public IReadOnlyList<TorchSharp.torch.Tensor> SplitByInput(TorchSharp.torch.Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return InputSizes.Count == 1 ? [features] : features.split([.. InputSizes.Select(n => (long)n)], 1);
    }

    /// <summary>Cuts rows of features (row-major, as <see cref="FeaturesOf"/> gives them) into one array per model input, in <see cref="InputSizes"/>.</summary>
    public IReadOnlyList<float[]> SplitByInput(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (InputSizes.Count == 1) return [features];
        var rows = features.Length / Features.Count;
        var parts = InputSizes.Select(n => new float[rows * n]).ToArray();
        for (var r = 0; r < rows; r++)
        {
            var offset = r * Features.Count;
            for (var i = 0; i < parts.Length; i++)
            {
                Array.Copy(features, offset, parts[i], r * InputSizes[i], InputSizes[i]);
                offset += InputSizes[i];
            }
        }
        return parts;
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote, or null when the preprocessing holds no pipeline with its features.</summary>
    /// <exception cref="PipelineException">The stored pipeline or feature list cannot be read.</exception>
    public static TablePreprocessing? ReadFrom(JsonObject preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        if (FittedPipeline.FromPreprocessing(preprocessing) is not { } pipeline || preprocessing[FeaturesKey] is not JsonArray list) return null;
        var features = Names(list, FeaturesKey);
        var inputs = preprocessing[InputsKey] switch
        {
            null => null,
            JsonArray names => Names(names, InputsKey),
            var other => throw new PipelineException($"The model's \"{InputsKey}\" must be a list of column names; it is {other.ToJsonString()}."),
        };
        List<int>? sizes = null;
        if (preprocessing[InputSizesKey] is { } stored)
        {
            sizes = stored is JsonArray numbers ? numbers.Select(n => n is JsonValue v && v.TryGetValue<int>(out var size) ? size : -1).ToList() : [-1];
            if (sizes.Any(n => n < 1)) throw new PipelineException($"The model's \"{InputSizesKey}\" must be a list of positive whole numbers; it holds {stored.ToJsonString()}.");
        }
        try
        {
            return new TablePreprocessing(pipeline, features, sizes, inputs);
        }
        catch (ArgumentException e)
        {
            throw new PipelineException($"The model's \"{FeaturesKey}\" do not match its pipeline: {e.Message}", e);
        }
    }

    /// <summary>
    /// The pipeline applied to a table to predict (no row dropped: one output row per input row), after checking that
    /// the table holds every one of <see cref="Inputs"/> that has no default.
    /// </summary>
    /// <exception cref="PipelineException">The table lacks input columns (all of them named), or a step cannot run on it.</exception>
    public PipelineResult Apply(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var missing = MissingInputs(table.Columns.Select(c => c.Name));
        if (missing.Count > 0)
            throw new PipelineException($"The table has no {Listed(missing)}, which the model reads (its columns: {string.Join(", ", Inputs!)}).");
        return Pipeline.Apply(table, dropRows: false);
    }

    private static List<string> Names(JsonArray list, string key) => list.Select(f => f is JsonValue v && v.TryGetValue<string>(out var name) ? name
        : throw new PipelineException($"The model's \"{key}\" must be a list of column names; it holds {f?.ToJsonString() ?? "null"}.")).ToList();

    /// <summary>
    /// The model's input for raw records (one JSON object per row, named as the training table's columns): the records
    /// are typed as the training table's columns were (<see cref="FittedPipeline.InputKinds"/>), the pipeline applied,
    /// and the features returned row-major, one row per record, in record order. Safe to call from several threads:
    /// each call borrows one of a few engines kept open until <see cref="Dispose"/>.
    /// </summary>
    /// <exception cref="PipelineException">There are no records, a column is missing and has no default, a value is not of a kind a step can take, or a feature is not numeric or has a missing value.</exception>
    public float[] FeaturesOf(IReadOnlyList<JsonObject> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) throw new PipelineException("There are no records to read.");
        var columns = RecordColumns.Of(records, Pipeline.InputColumns, Pipeline.InputKinds);
        var missing = MissingInputs(columns.Columns.Select(c => c.Name));
        if (missing.Count > 0)
            throw new PipelineException($"No record has {Listed(missing)}, which the model reads (its columns: {string.Join(", ", Inputs!)}). Send every column; null stands for a missing value.");
        return engines.Features(Pipeline, Features, columns);
    }

    private static string Listed(IReadOnlyList<string> names) =>
        names.Count == 1 ? $"'{names[0]}'" : $"{string.Join(", ", names.Take(names.Count - 1).Select(n => $"'{n}'"))} or '{names[^1]}'";

    /// <summary>Closes the engines <see cref="FeaturesOf"/> keeps open (a call already running finishes first).</summary>
    public void Dispose() => engines.Dispose();
}
