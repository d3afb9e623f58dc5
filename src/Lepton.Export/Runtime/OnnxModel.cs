using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Export.Onnx;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Serialization;
using Microsoft.ML.OnnxRuntime;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using Onnx;
using ModelMetadata = Lepton.Nn.Models.ModelMetadata;
using static TorchSharp.torch;

namespace Lepton.Export.Runtime;

/// <summary>
/// A model run by ONNX Runtime instead of TorchSharp: an <c>.onnx</c> file (any, or one Lepton wrote, whose metadata
/// gives class names, preprocessing and input names) or a Lepton model exported in memory. It says what its inputs and
/// output are, as a <see cref="Model"/> does, so serving and <c>lepton predict</c> treat both alike.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly RunOptions _run = new();
    private readonly string[] _outputNames;
    private readonly string? _probabilitiesName;

    private OnnxModel(InferenceSession session, SessionOptions options, string source, ModelMetadata? metadata, byte[] bytes)
    {
        _session = session;
        _options = options;
        Source = source;
        var custom = session.ModelMetadata.CustomMetadataMap;
        Columns = RawColumnsOf(session, source, custom.ContainsKey(OnnxExport.TableInputsKey));
        if (Columns is null)
        {
            foreach (var name in session.InputNames)
            {
                var input = session.InputMetadata[name];
                if (!input.IsTensor || input.ElementDataType != TensorElementType.Float)
                    throw new ModelFileException($"'{source}': ONNX input '{name}' is {Describe(input)}, but Lepton feeds float32 tensors only; export the model with float32 inputs (ids as floats holding whole numbers).");
                if (input.Dimensions.Length == 0)
                    throw new ModelFileException($"'{source}': ONNX input '{name}' is a scalar; Lepton feeds tensors whose first dimension is the batch.");
            }
        }
        if (session.OutputNames.Count == 0) throw new ModelFileException($"'{source}': the ONNX graph has no output.");
        var output = session.OutputMetadata[session.OutputNames[0]];
        if (!output.IsTensor || output.ElementDataType != TensorElementType.Float || output.Dimensions.Length == 0)
            throw new ModelFileException($"'{source}': ONNX output '{session.OutputNames[0]}' is {Describe(output)}; Lepton serves a float32 tensor whose first dimension is the batch.");
        InputNames = session.InputNames.ToArray();
        InputShapes = InputNames.Select(n => SampleShape(session.InputMetadata[n].Dimensions)).ToArray();
        OutputName = session.OutputNames[0];
        OutputShape = SampleShape(output.Dimensions);
        // A whole table model computes its probabilities in the graph, as its loss would (a softmax per head, a sigmoid).
        _probabilitiesName = Columns is not null && session.OutputMetadata.TryGetValue(ProbabilityConverter.ProbabilitiesName, out var probabilities)
            && probabilities.IsTensor && probabilities.ElementDataType == TensorElementType.Float ? ProbabilityConverter.ProbabilitiesName : null;
        _outputNames = _probabilitiesName is null ? [OutputName] : [OutputName, _probabilitiesName];
        WrittenByLepton = custom.ContainsKey("lepton_version");
        Metadata = metadata ?? MetadataOf(source, custom);
        if (_probabilitiesName is null) AssumeLogitsUnlessSaid(Metadata, bytes, OutputName, OutputShape);
    }

    /// <summary>Where the model came from: the <c>.onnx</c> file, or the Lepton model's name.</summary>
    public string Source { get; }

    /// <summary>The graph's inputs, in order (for a file Lepton wrote, the model's input names).</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Each input's shape per sample (the batch dimension left out; -1 where the file leaves a dimension open).</summary>
    public IReadOnlyList<Shape> InputShapes { get; }

    /// <summary>
    /// For a whole table model (<c>lepton export</c> of a model trained on a table, or any graph whose inputs are
    /// one column each of doubles, floats, int64 or strings), its raw columns in input order; null for a model of
    /// float32 tensors. Such a model runs with <see cref="RunColumns"/>.
    /// </summary>
    public IReadOnlyList<RawColumn>? Columns { get; }

    /// <summary>Whether the model gives class probabilities: its loss makes them, or the graph has a <c>probabilities</c> output.</summary>
    public bool GivesProbabilities => _probabilitiesName is not null || Metadata.OutputLoss is not null;

    /// <summary>The output served: the graph's first output.</summary>
    public string OutputName { get; }

    /// <summary>The output's shape per sample (-1 where the file leaves a dimension open).</summary>
    public Shape OutputShape { get; }

    /// <summary>Class names, preprocessing, spec and loss: the Lepton model's, or what the file's metadata says.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>Whether Lepton wrote the file (its metadata has <c>lepton_version</c>).</summary>
    public bool WrittenByLepton { get; }

    /// <summary>The ONNX Runtime session (for settings and statistics; <see cref="Run"/> is the way to run it).</summary>
    public InferenceSession Session => _session;

    /// <summary>
    /// Opens a model for ONNX Runtime: an <c>.onnx</c> file as it is, or a <c>.lepton</c> file exported in memory.
    /// <paramref name="threads"/> is the intra-op thread count of each run, as serving sets TorchSharp's (inter-op 1,
    /// every graph optimization on). The one place that decides how a file becomes an ONNX Runtime session.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ModelFileException">The file is not an ONNX model ONNX Runtime loads, or an input is neither float32 nor (in a whole table model) one raw column.</exception>
    /// <exception cref="OnnxExportException">A <c>.lepton</c> model has a layer ONNX export does not cover; the message names it.</exception>
    public static OnnxModel Load(string path, int threads = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"There is no model file '{path}'.", path);
        if (!IsOnnxFile(path))
        {
            // A .lepton file from 'lepton compress --quantize' holds its int8 graph, with the model's metadata.
            if (QuantizedModelFile.TryRead(path, out var graph, out var metadata)) return Open(graph, Path.GetFullPath(path), metadata, threads);
            using var model = Model.Load(path);
            return FromModel(model, threads);
        }
        return Open(File.ReadAllBytes(path), Path.GetFullPath(path), null, threads);
    }

    /// <summary>Whether <paramref name="path"/> names an ONNX file (<c>.onnx</c>), which only ONNX Runtime runs.</summary>
    public static bool IsOnnxFile(string path) => Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether only ONNX Runtime runs <paramref name="path"/>: an <c>.onnx</c> file, or a quantized <c>.lepton</c> file
    /// (<see cref="QuantizedModelFile"/>), which holds an int8 graph instead of an architecture and weights.
    /// </summary>
    /// <exception cref="ModelFileException">The <c>.lepton</c> file is damaged.</exception>
    public static bool NeedsOnnxRuntime(string path) =>
        IsOnnxFile(path) || (File.Exists(path) && QuantizedModelFile.IsQuantized(path));

    /// <summary>Exports <paramref name="model"/> to ONNX in memory and opens it; the model's own metadata (loss included) is kept.</summary>
    /// <exception cref="OnnxExportException">A layer cannot be exported; the message names it.</exception>
    public static OnnxModel FromModel(Model model, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        // The network alone: a table model's pipeline runs in Lepton on either runtime, as the records route needs it.
        var bytes = OnnxExport.ToBytes(model, new OnnxExportOptions { NetworkOnly = true });
        return Open(bytes, model.Name, Copy(model.Metadata), threads);
    }

    /// <summary>
    /// Opens an ONNX graph held in memory (an export, a quantized graph) with <paramref name="model"/>'s metadata (a
    /// copy: class names, preprocessing, loss) and its name as the source.
    /// </summary>
    /// <exception cref="ModelFileException">The bytes are not an ONNX model ONNX Runtime loads, or an input is not float32.</exception>
    public static OnnxModel FromGraph(byte[] graph, Model model, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(model);
        return Open(graph, model.Name, Copy(model.Metadata), threads);
    }

    private static OnnxModel Open(byte[] bytes, string source, ModelMetadata? metadata, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException ex)
        {
            options.Dispose();
            throw new ModelFileException($"'{source}' is not an ONNX model ONNX Runtime can load: {ex.Message}", ex);
        }
        try
        {
            return new OnnxModel(session, options, source, metadata, bytes);
        }
        catch
        {
            session.Dispose();
            options.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs one batch: each input's values row-major with its full shape (batch first). Returns the output's values
    /// and shape. Safe to call from several threads at once.
    /// </summary>
    public (float[] Values, long[] Shape) Run(IReadOnlyList<Memory<float>> inputs, IReadOnlyList<long[]> shapes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shapes);
        if (Columns is not null) throw new InvalidOperationException($"'{Source}' is a whole table model: it takes raw columns (RunColumns), not float32 tensors.");
        if (inputs.Count != InputNames.Count || shapes.Count != inputs.Count)
            throw new ArgumentException($"The model takes {InputNames.Count} input(s) ({string.Join(", ", InputNames)}), not {inputs.Count}.", nameof(inputs));
        var values = new OrtValue[inputs.Count];
        try
        {
            for (var i = 0; i < values.Length; i++) values[i] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputs[i], shapes[i]);
            using var outputs = _session.Run(_run, (IReadOnlyCollection<string>)InputNames, values, _outputNames);
            var output = outputs[0];
            return (output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape);
        }
        finally
        {
            foreach (var v in values) v?.Dispose();
        }
    }

    /// <summary>
    /// Runs a whole table model on <paramref name="rows"/> rows: one array per <see cref="Columns"/> entry, typed as
    /// <see cref="ColumnValues(IReadOnlyList{RawColumn}, IReadOnlyList{JsonObject})"/> gives it. Returns the raw output, the graph's probabilities
    /// (null when it has none) and the output's shape. Safe to call from several threads at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model takes float32 tensors, not raw columns.</exception>
    public (float[] Values, float[]? Probabilities, long[] Shape) RunColumns(IReadOnlyList<Array> columns, int rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var raw = Columns ?? throw new InvalidOperationException($"'{Source}' takes float32 tensors, not raw columns; use Run.");
        if (columns.Count != raw.Count)
            throw new ArgumentException($"The model takes {raw.Count} columns ({string.Join(", ", raw.Select(c => c.Name))}), not {columns.Count}.", nameof(columns));
        var values = new OrtValue[columns.Count];
        try
        {
            for (var i = 0; i < values.Length; i++) values[i] = ColumnValue(columns[i], [rows, .. InputShapes[i].Dimensions], raw[i]);
            using var outputs = _session.Run(_run, (IReadOnlyCollection<string>)InputNames, values, _outputNames);
            var probabilities = _probabilitiesName is null ? null : outputs[1].GetTensorDataAsSpan<float>().ToArray();
            return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), probabilities, outputs[0].GetTensorTypeAndShape().Shape);
        }
        finally
        {
            foreach (var v in values) v?.Dispose();
        }
    }

    /// <summary>
    /// The inputs of a whole table model reading <paramref name="columns"/> (its <see cref="Columns"/>) for raw records
    /// named as those columns, typed as the records route types them for a <c>.lepton</c> model.
    /// </summary>
    /// <exception cref="PipelineException">There are no records, no record has a column the model reads, or a value is not of its column's type; the message names the column.</exception>
    public static IReadOnlyList<Array> ColumnValues(IReadOnlyList<RawColumn> columns, IReadOnlyList<JsonObject> records)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(records);
        return RawColumnReader.FromRecords(columns, records);
    }

    /// <summary>The inputs of a whole table model for every row of <paramref name="table"/> (<paramref name="firstRow"/> numbers its first row in messages).</summary>
    /// <exception cref="PipelineException">The table lacks a column the model reads, or a value is not of its column's type; the message names the column.</exception>
    /// <exception cref="InvalidOperationException">The model takes float32 tensors, not raw columns.</exception>
    public IReadOnlyList<Array> ColumnValues(Table table, long firstRow = 0)
    {
        ArgumentNullException.ThrowIfNull(table);
        return RawColumnReader.FromTable(Columns ?? throw new InvalidOperationException($"'{Source}' takes float32 tensors, not raw columns."), table, firstRow);
    }

    private static OrtValue ColumnValue(Array values, long[] shape, RawColumn column)
    {
        switch (values)
        {
            case string[] texts when column.Type == RawColumnType.Text:
                var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
                for (var i = 0; i < texts.Length; i++) value.StringTensorSetElementAt(texts[i].AsSpan(), i);
                return value;
            case double[] numbers when column.Type == RawColumnType.Number:
                return OrtValue.CreateTensorValueFromMemory(numbers, shape);
            case float[] floats when column.Type == RawColumnType.Float:
                return OrtValue.CreateTensorValueFromMemory(floats, shape);
            case long[] whole when column.Type == RawColumnType.Integer:
                return OrtValue.CreateTensorValueFromMemory(whole, shape);
            default:
                throw new ArgumentException($"Column '{column.Name}' takes {column.Type} values, not {values.GetType().Name}.", nameof(values));
        }
    }

    /// <summary>
    /// The raw columns of a graph whose inputs are one column each: every input when the file is a whole table model
    /// (<paramref name="wholeTable"/>: Lepton wrote <c>table_inputs</c>), or when every input is [batch] or [batch, 1]
    /// of a column type and not all are float32 (those are served as tensors). Null for a model of tensors.
    /// </summary>
    private static List<RawColumn>? RawColumnsOf(InferenceSession session, string source, bool wholeTable)
    {
        static RawColumnType? TypeOf(NodeMetadata input) => !input.IsTensor ? null : input.ElementDataType switch
        {
            TensorElementType.Double => RawColumnType.Number,
            TensorElementType.Float => RawColumnType.Float,
            TensorElementType.Int64 => RawColumnType.Integer,
            TensorElementType.String => RawColumnType.Text,
            _ => null,
        };
        static bool IsColumn(NodeMetadata input) => input.Dimensions is [_] or [_, 1];
        var inputs = session.InputNames.Select(n => (Name: n, Meta: session.InputMetadata[n])).ToList();
        var looksLikeColumns = inputs.All(i => TypeOf(i.Meta) is not null && IsColumn(i.Meta)) && inputs.Any(i => TypeOf(i.Meta) != RawColumnType.Float);
        if (!wholeTable && !looksLikeColumns) return null;
        foreach (var (name, meta) in inputs)
        {
            if (TypeOf(meta) is null || !IsColumn(meta))
                throw new ModelFileException($"'{source}' is a whole table model, but its input '{name}' is {Describe(meta)} of shape [{string.Join(", ", meta.Dimensions)}]; Lepton feeds each raw column as [batch, 1] doubles, floats, int64 or strings.");
        }
        return [.. inputs.Select(i => new RawColumn(i.Name, TypeOf(i.Meta)!.Value))];
    }

    /// <summary>The raw output for <paramref name="inputs"/> (batch first), as <see cref="Model.Predict(Tensor[])"/> gives it.</summary>
    public Tensor Predict(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var memories = new Memory<float>[inputs.Length];
        var shapes = new long[inputs.Length][];
        for (var i = 0; i < inputs.Length; i++)
        {
            using var values = inputs[i].to(ScalarType.Float32).cpu().contiguous();
            memories[i] = values.data<float>().ToArray();
            shapes[i] = inputs[i].shape;
        }
        var (output, shape) = Run(memories, shapes);
        return tensor(output, shape);
    }

    /// <summary>As <see cref="Predict"/>, turned into probabilities by the model's loss when it has one.</summary>
    public Tensor PredictProbabilities(params Tensor[] inputs)
    {
        var output = Predict(inputs);
        if (Metadata.OutputLoss is not { } loss) return output;
        using var scope = NewDisposeScope();
        return loss.ToProbabilities(output).MoveToOuterDisposeScope();
    }

    /// <summary>Releases the session and its settings.</summary>
    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
        _run.Dispose();
    }

    // The model may be disposed once exported; its metadata is kept apart from it.
    private static ModelMetadata Copy(ModelMetadata m) => new()
    {
        ClassNames = m.ClassNames.ToArray(),
        Preprocessing = (JsonObject)m.Preprocessing.DeepClone(),
        Metrics = new Dictionary<string, double>(m.Metrics, StringComparer.Ordinal),
        Spec = (JsonObject)m.Spec.DeepClone(),
        Description = m.Description,
        OutputLoss = m.OutputLoss,
    };

    private static Shape SampleShape(int[] dimensions) => new(dimensions.Skip(1).Select(d => d > 0 ? (long)d : -1).ToArray());

    private static string Describe(NodeMetadata node) =>
        node.IsTensor ? $"a {node.ElementDataType} tensor" : $"a {node.OnnxValueType} value";

    /// <summary>
    /// What a file says about itself: the metadata Lepton writes (class names, preprocessing, spec, description).
    /// </summary>
    private static ModelMetadata MetadataOf(string source, IReadOnlyDictionary<string, string> custom)
    {
        var metadata = new ModelMetadata();
        try
        {
            if (custom.TryGetValue("class_names", out var classes))
                metadata.ClassNames = (JsonNode.Parse(classes) as JsonArray ?? []).Select(c => c?.GetValue<string>() ?? "").ToArray();
            if (custom.TryGetValue("preprocessing", out var preprocessing)) metadata.Preprocessing = JsonNode.Parse(preprocessing) as JsonObject ?? [];
            if (custom.TryGetValue("spec", out var spec)) metadata.Spec = JsonNode.Parse(spec) as JsonObject ?? [];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelFileException($"'{source}': its metadata (class_names, preprocessing or spec) is not valid JSON: {ex.Message}", ex);
        }
        if (custom.TryGetValue("description", out var description)) metadata.Description = description;
        return metadata;
    }

    /// <summary>
    /// A classifier that does not say its loss (a foreign file, or a Lepton model saved without compiling) gives class
    /// scores: probabilities when the graph ends in Softmax or Sigmoid, else logits, which softmax (sigmoid for one
    /// column) makes probabilities.
    /// </summary>
    private static void AssumeLogitsUnlessSaid(ModelMetadata metadata, byte[] bytes, string outputName, Shape outputShape)
    {
        if (metadata.OutputLoss is not null || metadata.ClassNames.Count == 0 || EndsInProbabilities(bytes, outputName)) return;
        var width = outputShape.Dimensions is [var w] ? w : 0;
        metadata.OutputLoss = width == 1 ? LossCatalog.Create("binary_crossentropy", fromLogits: true) : LossCatalog.Create("sparse_categorical_crossentropy", fromLogits: true);
    }

    private static bool EndsInProbabilities(byte[] bytes, string outputName)
    {
        try
        {
            var graph = ModelProto.Parser.ParseFrom(bytes).Graph;
            var last = graph.Node.LastOrDefault(n => n.Output.Contains(outputName));
            return last?.OpType is "Softmax" or "Sigmoid";
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }
}
