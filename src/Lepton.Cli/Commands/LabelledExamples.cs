using Lepton.Data;
using Lepton.Data.Images;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Cli.Commands;

/// <summary>
/// Labelled data read the way a trained model reads its inputs, for the commands that train or fit on top of a model
/// (a stacking ensemble's meta-learner, pruning's and distillation's fine-tuning): a table file or catalog table through
/// the model's own fitted pipeline, an image folder or Fashion-MNIST in the model's image format, with labels as the
/// model's class indices (classes matched by name).
/// </summary>
internal static class LabelledExamples
{
    /// <summary>
    /// The examples of <paramref name="data"/>: for an image folder with split folders and for the catalog's image
    /// dataset, those of <paramref name="split"/> (the training images for <see cref="ImageSplit.Train"/>, which then
    /// include a folder's validation/ images); for a table, every row with a target. The caller disposes the result.
    /// </summary>
    /// <exception cref="CliException">The data is not what the model reads, a class is not one of the model's, or the table lacks a column the model needs.</exception>
    public static Dataset Read(Model model, string source, string data, ImageSplit split, string? target, TableReadOptions reading)
    {
        var input = DataInput.Resolve(data);
        var format = ImageFormat.FromPreprocessing(model.Metadata.Preprocessing);
        if (input.IsImages)
        {
            if (format is null)
                throw new CliException($"'{data}' holds images, but '{source}' does not take images (its preprocessing has no image format). Give it a table file.");
            return input.Catalog is null ? FromFolder(model, source, data, format, split) : FromCatalog(model, source, input, format, split);
        }
        // The dataset keeps its tensors; the pipeline's record engines are not needed after it is made.
        using var preprocessing = TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)
            ?? throw new CliException($"'{data}' is a table, but '{source}' does not read tables (it has no table pipeline){(format is null ? "" : ": give it an image folder")}.");
        if (OutputHead.Of(model).Count > 0)
            throw new CliException($"'{source}' has several outputs; training on top of a multi-task model is not supported: train each output's model and use those.");
        using var table = input.ReadTable(reading);
        target ??= input.DefaultTarget ?? model.Metadata.Preprocessing[TableDataset.TargetKey]?.GetValue<string>()
            ?? throw new CliException($"'{source}' does not name its target column: say which column of {data} holds the true values (--target COL).");
        var classes = model.Metadata.ClassNames.Count > 0 ? model.Metadata.ClassNames : null;
        try
        {
            return TableDataset.FromTable(table, preprocessing, target, classes);
        }
        catch (PipelineException e)
        {
            throw new CliException($"'{source}' cannot read {data}: {e.Message}");
        }
    }

    private static TensorDataset FromFolder(Model model, string source, string data, ImageFormat format, ImageSplit split)
    {
        ImageFolder folder;
        try
        {
            folder = ImageFolder.Open(data);
        }
        catch (ImageFolderException e)
        {
            throw new CliException(e.Message);
        }
        var labels = LabelMap(model, source, folder.ClassNames, data);
        using var read = folder.Read(format);
        var chosen = folder.HasSplitFolders
            ? Enumerable.Range(0, read.Images.Count).Where(i => split == ImageSplit.Test ? read.Images[i].Split == ImageSplit.Test : read.Images[i].Split != ImageSplit.Test).ToArray()
            : Enumerable.Range(0, read.Images.Count).ToArray();
        if (chosen.Length == 0)
            throw new CliException($"{data} has no {(split == ImageSplit.Test ? "test" : "training")} images that could be read.");
        return Relabelled(read.Dataset, chosen, labels, model.Metadata.ClassNames);
    }

    private static TensorDataset FromCatalog(Model model, string source, DataInput input, ImageFormat format, ImageSplit split)
    {
        var (train, test) = input.LoadImages();
        using (train)
        using (test)
        {
            var set = split == ImageSplit.Test ? test : train;
            if (!format.Shape.Equals(new Shape(set.InputShapes[0].Dimensions)))
                throw new CliException($"'{source}' reads images of shape {format.Shape}; {input.Name}'s are {set.InputShapes[0]}. Give it a folder of image files, which it resizes.");
            var labels = LabelMap(model, source, set.ClassNames ?? [], input.Name);
            return Relabelled(set, [.. Enumerable.Range(0, set.Count)], labels, model.Metadata.ClassNames);
        }
    }

    /// <summary>For each class of the data (by index), the model's class of the same name.</summary>
    private static long[] LabelMap(Model model, string source, IReadOnlyList<string> dataClasses, string data)
    {
        var names = model.Metadata.ClassNames;
        if (names.Count == 0) throw new CliException($"'{source}' has no class names to match the classes of {data} with.");
        return [.. dataClasses.Select(c => names.ToList().IndexOf(c) is var i and >= 0
            ? (long)i
            : throw new CliException($"{data} has a class '{c}' that '{source}' does not know; its classes: {string.Join(", ", names)}."))];
    }

    private static TensorDataset Relabelled(TensorDataset set, int[] rows, long[] labels, IReadOnlyList<string> classNames)
    {
        using var scope = NewDisposeScope();
        var index = tensor(rows, ScalarType.Int64);
        var images = set.Input().index_select(0, index);
        var original = set.Target!.index_select(0, index);
        var mapped = tensor(labels, ScalarType.Int64).index_select(0, original.to_type(ScalarType.Int64));
        return new TensorDataset(images.MoveToOuterDisposeScope(), mapped.MoveToOuterDisposeScope(), classNames);
    }
}
