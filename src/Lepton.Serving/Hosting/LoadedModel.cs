using Lepton.Data.Images;
using Lepton.Data.Pipelines;
using Lepton.Nn.Models;
using Lepton.Serving.Batching;

namespace Lepton.Serving.Hosting;

/// <summary>One model version in memory: the model, what its file says about inputs and classes, and its batcher.</summary>
internal sealed class LoadedModel
{
    public const string OutputName = "output";
    public const string ProbabilitiesName = "probabilities";

    public LoadedModel(string name, string version, string source, string path, Model model, InferenceBatcher batcher, TimeSpan loadTime, TablePreprocessing? table)
    {
        Name = name;
        Version = version;
        Source = source;
        Path = path;
        Model = model;
        Batcher = batcher;
        LoadTime = loadTime;
        LoadedAt = DateTimeOffset.UtcNow;
        Inputs = model.InputShapes.Select((shape, i) => new InputSpec(model.InputNames.ElementAtOrDefault(i) ?? $"input_{i}", shape.Dimensions, "FP32")).ToArray();
        OutputSampleShape = model.OutputShape.Dimensions;
        ClassNames = model.Metadata.ClassNames;
        ImageFormat = ImageFormat.FromPreprocessing(model.Metadata.Preprocessing);
        HasProbabilities = model.Metadata.OutputLoss is not null;
        Table = table;
    }

    public string Name { get; }

    public string Version { get; }

    /// <summary>The file path or registry reference it was loaded from.</summary>
    public string Source { get; }

    /// <summary>The local <c>.lepton</c> file (for a registry reference, the verified cached copy).</summary>
    public string Path { get; }

    public Model Model { get; }

    public InferenceBatcher Batcher { get; }

    public TimeSpan LoadTime { get; }

    public DateTimeOffset LoadedAt { get; }

    public IReadOnlyList<InputSpec> Inputs { get; }

    public long[] OutputSampleShape { get; }

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The image preprocessing saved in the model file, or null for a model that does not take images.</summary>
    public ImageFormat? ImageFormat { get; }

    public bool HasProbabilities { get; }

    /// <summary>The table pipeline and feature columns saved in the model file, or null: then records name model inputs.</summary>
    public TablePreprocessing? Table { get; }

    public IEnumerable<string> OutputNames => HasProbabilities ? [OutputName, ProbabilitiesName] : [OutputName];
}
