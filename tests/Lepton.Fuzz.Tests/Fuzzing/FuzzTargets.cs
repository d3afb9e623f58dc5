using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Models;
using Lepton.Nn.Serialization;
using Lepton.Serving;
using Lepton.Serving.Apis;
using Lepton.Serving.Batching;
using Lepton.Serving.Hosting;
using Lepton.Serving.Observability;
using Lepton.Serving.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Fuzz.Tests.Fuzzing;

/// <summary>
/// Every input surface Lepton reads from a user, as a <see cref="FuzzTarget"/> over raw bytes, each with the one
/// exception it documents for bad input. The property tests and the afl++ harness (bench/Lepton.Bench.Fuzz) both
/// run these, so a finding of either replays in the other. Corpus/README.md describes each target's input.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The most tensor values a request may carry in these targets (the server's default is larger; the checks are the same).</summary>
    private const long MaxElements = 1 << 20;

    private static readonly JsonDocumentOptions RouteJson = new() { MaxDepth = 64 };
    private static readonly JsonDocumentOptions TrafficJson = new() { MaxDepth = 8 };
    private static readonly Lazy<LoadedModel> Classifier = new(() => Loaded("classifier.lepton"));
    private static readonly Lazy<LoadedModel> TableClassifier = new(() => Loaded("table.lepton"));
    private static readonly Lazy<byte[]> ClassifierWeights = new(() =>
    {
        using var zip = ZipFile.OpenRead(Path.Combine(Corpus.Root, "model-file", "classifier.lepton"));
        using var stream = zip.GetEntry("weights.bin")!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>A <c>.lepton</c> file: <see cref="Model.Load(Stream)"/>, documented to fail only with <see cref="ModelFileException"/>.</summary>
    public static FuzzTarget ModelFile { get; } = new("model-file", bytes =>
    {
        using var model = Model.Load(new MemoryStream(bytes, writable: false));
    }, e => e is ModelFileException && !BugExceptions.AnyIn(e));

    /// <summary>
    /// The <c>model.json</c> of a <c>.lepton</c> file on its own, zipped with the weights of the classifier seed: a byte-level
    /// fuzzer (afl++) rarely gets through a zip's compression and CRC, so this hands it the manifest directly.
    /// </summary>
    public static FuzzTarget ModelJson { get; } = new("model-json", bytes => ModelFile.Run(WithClassifierWeights(bytes)), e => ModelFile.IsDocumented(e));

    /// <summary>A JSON body of the v2 infer route: <see cref="InferRequestReader.Read(ReadOnlyMemory{byte}, int?, long)"/>, a 400 for anything wrong.</summary>
    public static FuzzTarget InferJson { get; } = new("infer-json",
        bytes => InferRequestReader.Read(bytes, null, MaxElements), IsBadRequest);

    /// <summary>
    /// The quick JSON reader (<see cref="Utf8InferRequestReader"/>) against the thorough one (<see cref="JsonDocument"/>):
    /// any body the quick one reads, the thorough one reads to the same request, value for value; a disagreement is a bug.
    /// The body then goes through the route's reader, so anything else is a 400 as before.
    /// </summary>
    public static FuzzTarget InferJsonQuick { get; } = new("infer-json", bytes =>
    {
        if (Utf8InferRequestReader.TryRead(bytes, MaxElements, out var quick))
        {
            InferRequest thorough;
            try
            {
                using var document = JsonDocument.Parse(bytes, RouteJson);
                thorough = InferRequestReader.Read(document.RootElement, MaxElements);
            }
            catch (Exception e) when (e is JsonException or ServingException)
            {
                throw new InvalidOperationException($"The quick JSON reader took a body the thorough one refuses ({e.Message}).", e);
            }
            if (Describe(quick) != Describe(thorough))
                throw new InvalidOperationException($"The quick JSON reader read {Describe(quick)}, the thorough one {Describe(thorough)}.");
        }
        InferRequestReader.Read(bytes, null, MaxElements);
    }, IsBadRequest);

    // Every field of a request, the values bit for bit.
    private static string Describe(InferRequest request) => JsonSerializer.Serialize(new
    {
        request.Id,
        request.Outputs,
        request.TimeoutMs,
        Inputs = request.Inputs.Select(i => new { i.Name, i.Shape, i.Datatype, Data = i.Data.Select(BitConverter.SingleToInt32Bits), i.Texts, i.Wide }),
        Binary = request.Inputs.Select(i => request.WantsBinary(i.Name)).Concat(request.Outputs?.Select(request.WantsBinary) ?? []),
    });

    /// <summary>
    /// A binary-extension body of the v2 infer route: the first 4 bytes (little-endian) are the
    /// <c>Inference-Header-Content-Length</c> header, the rest is the body (a JSON header, then raw FP32 tensors).
    /// </summary>
    public static FuzzTarget InferBinary { get; } = new("infer-binary", bytes =>
    {
        if (bytes.Length < 4) return;
        InferRequestReader.Read(bytes.AsMemory(4), BinaryPrimitives.ReadInt32LittleEndian(bytes), MaxElements);
    }, IsBadRequest);

    /// <summary>
    /// <see cref="BinaryTensorData"/> of the client protocol on its own: the first 16 bytes are the declared byte size and
    /// element count (two little-endian longs, as a header could claim anything), the rest the data.
    /// </summary>
    public static FuzzTarget BinaryTensors { get; } = new("binary-tensor-data", bytes =>
    {
        if (bytes.Length < 16) return;
        var data = new BinaryTensorData(bytes.AsMemory(16));
        data.TakeFloats("inputs[0]", BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)));
        data.EnsureAllTaken();
    }, e => e is InvalidDataException);

    /// <summary>The JSON <c>{"instances": …}</c> of the predict route, for a 4-feature classifier: <see cref="PredictApi.FromInstances"/>.</summary>
    public static FuzzTarget PredictInstances { get; } = new("predict-instances",
        bytes => FromInstances(Classifier.Value, bytes), e => IsBadRequest(e) || e is JsonException);

    /// <summary>The same route for a model whose file holds a table pipeline, so instances are records of table columns.</summary>
    public static FuzzTarget PredictRecords { get; } = new("predict-records",
        bytes => FromInstances(TableClassifier.Value, bytes), e => IsBadRequest(e) || e is JsonException);

    /// <summary>The body of the admin traffic route, <c>{"VERSION": weight}</c>: <see cref="AdminApi.Weights"/>.</summary>
    public static FuzzTarget TrafficWeights { get; } = new("traffic-weights", bytes =>
    {
        using var document = JsonDocument.Parse(bytes, TrafficJson);
        AdminApi.Weights(document.RootElement);
    }, e => IsBadRequest(e) || e is JsonException);

    /// <summary>A YAML spec of <c>lepton data clean --spec</c>: <see cref="PipelineSpec.Parse"/>, documented to fail with <see cref="PipelineException"/>.</summary>
    public static FuzzTarget PipelineSpecYaml { get; } = new("pipeline-spec",
        bytes => PipelineSpec.Parse(Encoding.UTF8.GetString(bytes), "fuzz.yaml"), e => e is PipelineException);

    /// <summary>A CSV file: <see cref="Table.Read"/>, documented to fail with <see cref="TableReadException"/>.</summary>
    public static FuzzTarget TableCsv { get; } = TableTarget("table-csv", ".csv");

    /// <summary>A JSON file (an array of records).</summary>
    public static FuzzTarget TableJson { get; } = TableTarget("table-json", ".json");

    /// <summary>A JSON Lines file.</summary>
    public static FuzzTarget TableJsonLines { get; } = TableTarget("table-jsonl", ".jsonl");

    /// <summary>A Parquet file.</summary>
    public static FuzzTarget TableParquet { get; } = TableTarget("table-parquet", ".parquet");

    /// <summary>Every target, by name.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
        [ModelFile, ModelJson, InferJson, InferBinary, BinaryTensors, PredictInstances, PredictRecords, TrafficWeights, PipelineSpecYaml, TableCsv, TableJson, TableJsonLines, TableParquet];

    /// <summary>The target named <paramref name="name"/>.</summary>
    public static FuzzTarget Named(string name) => All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"There is no fuzz target '{name}'. Targets: {string.Join(", ", All.Select(t => t.Name))}.", nameof(name));

    private static bool IsBadRequest(Exception e) => e is ServingException { StatusCode: >= 400 and < 500 };

    private static void FromInstances(LoadedModel model, byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes, RouteJson);
        PredictApi.FromInstances(model, document.RootElement, MaxElements, deadline: long.MaxValue);
    }

    private static byte[] WithClassifierWeights(byte[] manifest)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var entry = zip.CreateEntry("model.json", CompressionLevel.Fastest).Open()) entry.Write(manifest);
            using (var entry = zip.CreateEntry("weights.bin", CompressionLevel.NoCompression).Open()) entry.Write(ClassifierWeights.Value);
        }
        return output.ToArray();
    }

    private static FuzzTarget TableTarget(string name, string extension) => new(name, bytes =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"lepton-fuzz-{Guid.NewGuid():N}{extension}");
        try
        {
            File.WriteAllBytes(path, bytes);
            using var table = Table.Read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }, e => e is TableReadException);

    private static LoadedModel Loaded(string file)
    {
        var path = Path.Combine(Corpus.Root, "model-file", file);
        var model = Model.Load(path);
        var batcher = new InferenceBatcher(model, file, "1", new ServingOptions(), new ServingMetrics(), NullLogger.Instance, () => 0);
        return new LoadedModel(file, "1", path, path, batcher, TimeSpan.Zero, TablePreprocessing.ReadFrom(model.Metadata.Preprocessing));
    }
}
