using Lepton.Data.Images;
using Lepton.Nn.Models;
using Spectre.Console;
using static TorchSharp.torch;

namespace Lepton.Cli.Commands.Prediction;

/// <summary>
/// Predictions for every image under a folder (recursively: PNG, JPEG, BMP, GIF, WebP), one row per image with its path
/// relative to the folder, in sorted path order, a batch at a time. An image that cannot be decoded is skipped and
/// counted (its path and reason printed), not a reason to lose the others; a folder with no readable image is an error.
/// </summary>
internal static class ImageFolderPrediction
{
    public static (long Written, IReadOnlyList<(string Path, string Reason)> Skipped) Run(IAnsiConsole console, PredictionModel model, ImageFormat format, string folder, string output, int batchSize)
    {
        var root = Path.GetFullPath(folder);
        var images = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => ImageFolder.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (images.Count == 0)
            throw new CliException($"'{folder}' holds no images ({string.Join(", ", ImageFolder.Extensions)}), in it or below it.");
        var outputs = new ModelOutputs(model);
        var skipped = new List<(string, string)>();
        using var file = new PredictionFile(output, ["path", .. outputs.Columns], outputs.NumberColumns);
        TablePrediction.Progress(console).Start(context =>
        {
            var task = context.AddTask("predicting", maxValue: images.Count);
            foreach (var batch in images.Chunk(batchSize))
            {
                using var scope = NewDisposeScope();
                var loaded = new List<(string Path, Tensor Image)>();
                foreach (var image in batch)
                {
                    try
                    {
                        loaded.Add((image, format.Load(Path.Combine(root, image))));
                    }
                    catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                    {
                        skipped.Add((image, e.Message));
                    }
                }
                if (loaded.Count > 0)
                {
                    var rows = outputs.Predict(stack([.. loaded.Select(l => l.Image)]));
                    for (var r = 0; r < rows.Count; r++) file.WriteRow([loaded[r].Path, .. rows[r]]);
                }
                task.Increment(batch.Length);
            }
        });
        if (file.Rows == 0)
            throw new CliException($"None of the {images.Count} images under '{folder}' could be read; the first: {skipped[0].Item1}: {skipped[0].Item2}");
        file.Commit();
        return (file.Rows, skipped);
    }
}
