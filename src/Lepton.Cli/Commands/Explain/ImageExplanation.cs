using System.Globalization;
using Lepton.Data;
using Lepton.Data.Images;
using Lepton.Nn.Explanations;
using Lepton.Nn.Models;
using Spectre.Console;
using static TorchSharp.torch;

namespace Lepton.Cli.Commands.Explain;

/// <summary>
/// <c>lepton explain</c> for an image model: integrated gradients from a blank image (zeros: the background) to each
/// image, for the class the model predicts, drawn as an overlay PNG per image beside the image itself.
/// </summary>
internal static class ImageExplanation
{
    public static void Run(IAnsiConsole console, Model model, string source, ImageFormat format, string data, ExplainSettings settings)
    {
        if (!IntegratedGradients.CanExplain(model))
            throw new CliException($"'{source}' holds decision trees, whose gradients are zero almost everywhere: integrated gradients cannot explain it.");
        var (images, names) = Read(format, data, settings.Rows);
        using (images)
        {
            var folder = settings.Output ?? "explanations";
            Directory.CreateDirectory(folder);
            Attributions attributions = null!;
            console.Status().Start($"integrated gradients over {names.Count:N0} images…", _ => attributions = ExplainCommand.Integrate(model, [images], settings));
            using (attributions)
            {
                var grid = new Table().Border(TableBorder.Rounded).AddColumn("image").AddColumn("class").AddColumn(new TableColumn("probability").RightAligned()).AddColumn("overlay");
                var classes = model.Metadata.ClassNames;
                for (var i = 0; i < names.Count; i++)
                {
                    var file = Path.Combine(folder, $"{i:D4}-{Safe(Path.GetFileNameWithoutExtension(names[i]))}.png");
                    using var image = images[i];
                    using var attribution = attributions.Values[0]![i];
                    AttributionOverlay.Save(image, attribution, file);
                    var target = attributions.Targets[i];
                    grid.AddRow(Markup.Escape(names[i]), Markup.Escape(target < classes.Count ? classes[(int)target] : target.ToString(CultureInfo.InvariantCulture)),
                        attributions.Outputs[i].ToString("P1", CultureInfo.InvariantCulture), Markup.Escape(file));
                }
                console.Write(grid);
                console.MarkupLine(Markup.Escape(ExplainCommand.Completeness(attributions)));
                console.MarkupLineInterpolated($"wrote {names.Count:N0} overlays to [bold]{Path.GetFullPath(folder)}[/]: the image on the left; on the right, red where pixels raise the class's probability, blue where they lower it.");
            }
        }
    }

    /// <summary>Up to <paramref name="limit"/> images of <paramref name="data"/> (image files, comma-separated; a folder; a catalog dataset's test set) in the model's format, with a name each.</summary>
    private static (Tensor Images, IReadOnlyList<string> Names) Read(ImageFormat format, string data, int limit)
    {
        var files = data.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (files.Length > 0 && files.All(f => File.Exists(f) && ImageFolder.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())))
            return Load(format, files.Take(limit).ToList());
        var input = DataInput.Resolve(data);
        if (!input.IsImages)
            throw new CliException($"'{data}' is not an image file, a folder of images or a catalog image dataset; the model reads images ({format.Channels}×{format.Height}×{format.Width}).");
        if (input.Catalog is not null)
        {
            var (train, test) = input.LoadImages();
            using (train)
            using (test)
            {
                if (!format.Shape.Equals(new Shape(test.InputShapes[0].Dimensions)))
                    throw new CliException($"The model reads images of shape {format.Shape}; {input.Name}'s are {test.InputShapes[0]}. Give it image files, which are resized.");
                var count = (int)Math.Min(limit, test.Count);
                var images = test.Input().narrow(0, 0, count).clone();
                return (images, [.. Enumerable.Range(0, count).Select(i => $"{input.Name} test #{i}")]);
            }
        }
        var found = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories)
            .Where(f => ImageFolder.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).Take(limit).ToList();
        if (found.Count == 0) throw new CliException($"'{data}' holds no images ({string.Join(", ", ImageFolder.Extensions)}).");
        return Load(format, found);
    }

    private static (Tensor, IReadOnlyList<string>) Load(ImageFormat format, IReadOnlyList<string> files)
    {
        var loaded = new List<Tensor>();
        try
        {
            foreach (var file in files)
            {
                try
                {
                    loaded.Add(format.Load(file));
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    throw new CliException($"Cannot read image '{file}': {e.Message}");
                }
            }
            return (stack(loaded), files);
        }
        finally
        {
            foreach (var t in loaded) t.Dispose();
        }
    }

    private static string Safe(string name) => string.Join("-", name.Split(name.Where(c => !char.IsLetterOrDigit(c) && c is not ('-' or '_')).Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries));
}
