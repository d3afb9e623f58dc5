using System.Globalization;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Cli.Commands.Prediction;

/// <summary>
/// What a model's outputs become in a predictions file: for a classifier the class name and one <c>p_CLASS</c>
/// probability per class; for a single-output regressor the value; otherwise one <c>output_N</c> column per output.
/// </summary>
internal sealed class ModelOutputs
{
    private readonly Model model;
    private readonly int width;
    private readonly bool classifier;
    private readonly IReadOnlyList<string> classes;

    public ModelOutputs(Model model)
    {
        this.model = model;
        width = model.OutputShape.Dimensions is [var w] ? checked((int)w) : 0;
        classes = model.Metadata.ClassNames;
        classifier = classes.Count > 0 || width > 1 && model.Metadata.OutputLoss is not null;
        if (width == 0)
            throw new CliException($"The model's output per example has shape [{string.Join(", ", model.OutputShape.Dimensions)}]; lepton predict writes models with one vector of outputs per example.");
        Columns = classifier
            ? ["prediction", .. Enumerable.Range(0, width).Select(i => "p_" + ClassName(i))]
            : width == 1 ? ["prediction"] : [.. Enumerable.Range(0, width).Select(i => $"output_{i}")];
    }

    /// <summary>The output columns, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Runs the model on a batch and returns one row of cells per example (in <see cref="Columns"/> order).</summary>
    public List<string[]> Predict(params Tensor[] inputs)
    {
        using var scope = NewDisposeScope();
        var output = classifier ? model.PredictProbabilities(inputs) : model.Predict(inputs);
        var values = output.to(ScalarType.Float32).cpu().data<float>().ToArray();
        var rows = values.Length / width;
        var result = new List<string[]>(rows);
        for (var r = 0; r < rows; r++)
        {
            var row = values.AsSpan(r * width, width);
            if (!classifier)
            {
                result.Add([.. row.ToArray().Select(PredictionFile.Number)]);
                continue;
            }
            var best = 0;
            for (var c = 1; c < width; c++) if (row[c] > row[best]) best = c;
            result.Add([ClassName(best), .. row.ToArray().Select(PredictionFile.Number)]);
        }
        return result;
    }

    private string ClassName(int index) => index < classes.Count ? classes[index] : index.ToString(CultureInfo.InvariantCulture);
}
