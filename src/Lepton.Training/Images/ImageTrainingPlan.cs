using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data.Images;

namespace Lepton.Training.Images;

/// <summary>
/// What <see cref="ImageTrainer"/> will do with labelled images, decided before any image is decoded: the classes and
/// how many images each has in training, validation and test, the size and channels images are read in, how the
/// split was made, the recipe and the time limit. Printed by <c>lepton train</c> and stored in the model's spec as <see cref="ToJson"/>.
/// </summary>
public sealed class ImageTrainingPlan
{
    private readonly ImageSplit[] _parts;

    internal ImageTrainingPlan(ImageSource source, ImageFormat format, ImageSplit[] parts, string split, ImageTrainingOptions options)
    {
        Source = source;
        Format = format;
        _parts = parts;
        Split = split;
        Options = options;
    }

    /// <summary>The images: a listed folder, or a dataset in memory.</summary>
    public ImageSource Source { get; }

    /// <summary>The folder, listed; null when the images are a dataset in memory.</summary>
    public ImageFolder? Folder => Source.Folder;

    /// <summary>How every image is read (and how the saved model reads new ones).</summary>
    public ImageFormat Format { get; }

    /// <summary>The class names in label order.</summary>
    public IReadOnlyList<string> ClassNames => Source.ClassNames;

    /// <summary>How the images are split, as people read it.</summary>
    public string Split { get; }

    /// <summary>The options the plan was made with.</summary>
    public ImageTrainingOptions Options { get; }

    /// <summary>Images of other sizes than <see cref="Format"/>'s, resized when read.</summary>
    public int Resized => Source.CountResized(Format);

    /// <summary>The part (training, validation, test) each of the source's images is in (for a folder, by its position in <see cref="ImageFolder.Images"/>).</summary>
    public ImageSplit PartOf(int image) => _parts[image];

    /// <summary>The images of class <paramref name="label"/> in <paramref name="part"/>.</summary>
    public int Count(ImageSplit part, int label)
    {
        var count = 0;
        for (var i = 0; i < _parts.Length; i++)
        {
            if (_parts[i] == part && Source.LabelOf(i) == label) count++;
        }
        return count;
    }

    /// <summary>The images in <paramref name="part"/>.</summary>
    public int Count(ImageSplit part) => _parts.Count(p => p == part);

    /// <summary>The recipe as planned: a name, or "auto" with the rule that decides.</summary>
    public string RecipeDescription => Options.Recipe == ImageTrainingOptions.AutoRecipe
        ? "auto: batchnorm (augmented) if its epochs fit in the time limit at the measured speed, else small"
        : Options.Recipe;

    /// <summary>The plan as JSON (Ludwig's vocabulary where it has one): an image input feature with its preprocessing, a category output, the classes and counts, the split, the recipe and the time limit.</summary>
    public JsonObject ToJson() => new()
    {
        ["format"] = "lepton.train.plan",
        ["data"] = Source.Name,
        ["task"] = "classification",
        ["input_features"] = new JsonArray(new JsonObject
        {
            ["name"] = "image",
            ["type"] = "image",
            ["preprocessing"] = new JsonObject
            {
                ["height"] = Format.Height,
                ["width"] = Format.Width,
                ["num_channels"] = Format.Channels,
                ["scale"] = Format.Scale,
                ["resized"] = Resized,
            },
        }),
        ["output_features"] = new JsonArray(new JsonObject { ["name"] = "class", ["type"] = "category" }),
        ["class_names"] = new JsonArray(ClassNames.Select(n => (JsonNode)n).ToArray()),
        ["images"] = new JsonObject
        {
            ["train"] = Count(ImageSplit.Train),
            ["validation"] = Count(ImageSplit.Validation),
            ["test"] = Count(ImageSplit.Test),
            ["unreadable"] = Source.Skipped.Count,
        },
        ["preprocessing"] = new JsonObject
        {
            ["split"] = new JsonObject
            {
                ["type"] = Folder is null ? "dataset" : Folder.HasSplitFolders ? "folders" : "stratified",
                ["description"] = Split,
                ["test"] = Options.TestFraction,
                ["validation"] = Options.ValidationFraction,
                ["seed"] = Options.Seed,
            },
        },
        ["metric"] = "accuracy",
        ["recipe"] = Options.Recipe,
        ["time_limit_seconds"] = Options.TimeLimit.TotalSeconds,
    };

    internal static string SizeText(ImageFormat format) =>
        string.Create(CultureInfo.InvariantCulture, $"{format.Width}x{format.Height}, {(format.Channels == 1 ? "gray" : "RGB")}");
}
