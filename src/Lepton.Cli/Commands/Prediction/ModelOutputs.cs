using System.Globalization;
using Lepton.Nn.Models;
using Lepton.Nn.Serialization;
using static TorchSharp.torch;

namespace Lepton.Cli.Commands.Prediction;

/// <summary>
/// What a model's outputs become in a predictions file: for a classifier the class name and one <c>p_CLASS</c>
/// probability per class; for a single-output regressor the value; otherwise one <c>output_N</c> column per output.
/// A multi-task model (several output features) gets a group per output, named after it: <c>OUTPUT</c> (the class or
/// the value) and, for a class output, <c>OUTPUT_p_CLASS</c> per class.
/// </summary>
internal sealed class ModelOutputs
{
    private readonly PredictionModel model;
    private readonly int width;
    private readonly bool classifier;
    private readonly IReadOnlyList<string> classes;
    private readonly IReadOnlyList<OutputHead> heads;

    public ModelOutputs(PredictionModel model)
    {
        this.model = model;
        width = model.OutputShape.Dimensions is [var w] ? checked((int)w) : 0;
        try
        {
            heads = OutputHead.Of(model.Metadata, model.OutputShape);
        }
        catch (ModelFileException e)
        {
            throw new CliException(e.Message);
        }
        if (heads.Count > 0)
        {
            classifier = true; // the loss's probabilities: a softmax per class head, the value per number head
            classes = [];
            Columns = [.. heads.SelectMany(h => h.IsClassification ? [h.Name, .. h.ClassNames.Select(c => $"{h.Name}_p_{c}")] : new[] { h.Name })];
            NumberColumns = [.. heads.SelectMany(h => h.IsClassification ? h.ClassNames.Select(c => $"{h.Name}_p_{c}") : [h.Name])];
            return;
        }
        classes = model.Metadata.ClassNames;
        classifier = classes.Count > 0 || width > 1 && model.GivesProbabilities;
        if (width == 0)
            throw new CliException($"The model's output per example has shape [{string.Join(", ", model.OutputShape.Dimensions)}]; lepton predict writes models with one vector of outputs per example.");
        Columns = classifier
            ? ["prediction", .. Enumerable.Range(0, width).Select(i => "p_" + ClassName(i))]
            : width == 1 ? ["prediction"] : [.. Enumerable.Range(0, width).Select(i => $"output_{i}")];
        NumberColumns = [.. Columns.Where(c => c.StartsWith("p_", StringComparison.Ordinal))];
    }

    /// <summary>The output columns, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The columns a Parquet file stores as numbers (the probabilities; for a multi-task model, its values too).</summary>
    public IReadOnlyList<string> NumberColumns { get; }

    /// <summary>Runs the model on a batch and returns one row of cells per example (in <see cref="Columns"/> order).</summary>
    public List<string[]> Predict(params Tensor[] inputs)
    {
        using var scope = NewDisposeScope();
        var output = classifier ? model.PredictProbabilities(inputs) : model.Predict(inputs);
        return Rows(output.to(ScalarType.Float32).cpu().data<float>().ToArray());
    }

    /// <summary>Runs a whole table model on <paramref name="rows"/> rows of raw columns; one row of cells per example, as <see cref="Predict"/>.</summary>
    public List<string[]> PredictColumns(IReadOnlyList<Array> columns, int rows)
    {
        var (output, probabilities, _) = model.RunColumns(columns, rows);
        return Rows(classifier ? probabilities ?? output : output);
    }

    private List<string[]> Rows(float[] values)
    {
        var rows = values.Length / width;
        var result = new List<string[]>(rows);
        for (var r = 0; r < rows; r++)
        {
            var row = values.AsSpan(r * width, width);
            if (heads.Count > 0)
            {
                result.Add(Cells(row));
                continue;
            }
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

    /// <summary>A multi-task model's row: per output, its class and probabilities, or its value.</summary>
    private string[] Cells(ReadOnlySpan<float> row)
    {
        var cells = new List<string>(Columns.Count);
        foreach (var head in heads)
        {
            var part = row.Slice(head.Offset, head.Width);
            if (!head.IsClassification)
            {
                cells.Add(PredictionFile.Number(part[0]));
                continue;
            }
            var best = 0;
            for (var c = 1; c < part.Length; c++) if (part[c] > part[best]) best = c;
            cells.Add(head.ClassNames[best]);
            foreach (var p in part) cells.Add(PredictionFile.Number(p));
        }
        return [.. cells];
    }

    private string ClassName(int index) => index < classes.Count ? classes[index] : index.ToString(CultureInfo.InvariantCulture);
}
