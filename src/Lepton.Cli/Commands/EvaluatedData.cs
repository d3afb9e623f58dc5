using System.Text.Json;
using Lepton.Data.Images;
using Lepton.Nn.Models;
using Lepton.Tracking;
using Lepton.Tracking.Datasets;
using Table = Lepton.Data.Tables.Table;

namespace Lepton.Cli.Commands;

/// <summary>
/// What <c>lepton evaluate</c> read, enough to fingerprint it in the tracking store as <c>lepton train</c> does: a
/// table's files and columns, or the images of a folder with their classes, or a catalog dataset's files.
/// </summary>
/// <param name="Name">The dataset's name: the file's or folder's, or the catalog's.</param>
/// <param name="Rows">Rows or images read.</param>
/// <param name="Schema">Columns, or image shape and classes, as JSON.</param>
/// <param name="Files">The files hashed, in order.</param>
/// <param name="Images">An image folder's root and images (path, class), listed into the fingerprint so a move between classes changes it.</param>
/// <param name="Profile">The data's profile (a table's columns, an image folder's class counts), recorded with it for the Data page's drift view.</param>
internal sealed record EvaluatedData(string Name, long Rows, string Schema, IReadOnlyList<string> Files, ImageListing? Images = null, DatasetProfile? Profile = null)
{
    /// <summary>The context the dataset is recorded with on an evaluation run.</summary>
    public const string Context = "evaluation";

    /// <summary>A table, its columns as <c>lepton train</c> records them; profiled when <paramref name="profile"/> (it costs a pass over the table).</summary>
    public static EvaluatedData OfTable(DataInput input, Table table, bool profile) =>
        new(input.Name, table.RowCount, JsonSerializer.Serialize(table.Columns.Select(c => new { name = c.Name, kind = c.Kind.ToString().ToLowerInvariant() })), input.Files,
            Profile: profile ? DatasetProfile.FromTable(table) : null);

    /// <summary>An image folder as the evaluator reads it: its <c>test/</c> folder when it has split folders, one subfolder per class.</summary>
    public static EvaluatedData? OfImageFolder(string folder, Model model)
    {
        var root = ImageFolder.TestFolder(folder);
        if (root is null) return null;
        var images = Directory.GetDirectories(root).Order(StringComparer.Ordinal)
            .SelectMany(sub => Directory.GetFiles(sub)
                .Where(f => ImageFolder.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal)
                .Select(f => (Path: f, Label: Path.GetFileName(sub))))
            .ToList();
        if (images.Count == 0) return null;
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        var classes = images.GroupBy(i => i.Label).Select(g => (Class: g.Key, Count: (long)g.Count())).ToList();
        return new(name, images.Count, ImageSchema(model), [.. images.Select(i => i.Path)], new ImageListing(root, images),
            DatasetProfile.FromClassCounts(classes.Select(c => c.Class).ToList(), classes.Select(c => c.Count).ToList()));
    }

    /// <summary>Fashion-MNIST's test set: its IDX files in <paramref name="folder"/>.</summary>
    public static EvaluatedData? OfFashionMnistTestSet(string folder, long rows, Model model)
    {
        var files = Directory.GetFiles(folder, "t10k-*").Order(StringComparer.Ordinal).ToList();
        return files.Count == 0 ? null : new($"{QuickstartCommand.Dataset}/test", rows, ImageSchema(model), files);
    }

    private static string ImageSchema(Model model)
    {
        var format = ImageFormat.FromPreprocessing(model.Metadata.Preprocessing);
        return JsonSerializer.Serialize(new
        {
            image = format is null ? null : new { channels = format.Channels, height = format.Height, width = format.Width },
            classes = model.Metadata.ClassNames,
        });
    }

    /// <summary>Hashes the files (and an image folder's listing) into the dataset's fingerprint.</summary>
    public DatasetFingerprint Fingerprint() =>
        Images is { } listing
            ? DatasetFingerprint.FromLabelledFiles(Name, Schema, listing.Root, listing.Images)
            : DatasetFingerprint.FromFiles(Name, Rows, Schema, [.. Files]);
}
