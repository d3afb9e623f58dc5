using System.CommandLine;
using System.Globalization;
using Lepton.Nn.Zoo;
using Lepton.Training.Images;

namespace Lepton.Cli.Commands.Training;

/// <summary>The flags of <c>lepton train</c> that only an image folder uses: the image size and the recipe.</summary>
internal sealed class ImageTrainFlags
{
    public Option<string?> ImageSize { get; } = new("--image-size") { Description = "Image folders: the size images are resized to, WIDTHxHEIGHT (default: the folder's most common size, at most 64 pixels a side)." };

    public Option<string> Recipe { get; } = new("--recipe")
    {
        Description = "Image folders: the CNN recipe, auto (batchnorm with augmentation if it fits in the time limit, else small), small or batchnorm.",
        DefaultValueFactory = _ => ImageTrainingOptions.AutoRecipe,
    };

    public ImageTrainFlags() => Recipe.AcceptOnlyFromAmong([ImageTrainingOptions.AutoRecipe, .. ImageRecipe.All.Select(r => r.Name)]);

    public void AddTo(Command command)
    {
        command.Options.Add(ImageSize);
        command.Options.Add(Recipe);
    }

    /// <summary>The image options these flags and the shared ones (time limit, test fraction, seed) give.</summary>
    public ImageTrainingOptions Read(ParseResult result, TrainSettings settings)
    {
        var (width, height) = result.GetValue(ImageSize) is { } size ? ParseSize(size) : ((int?)null, (int?)null);
        return new ImageTrainingOptions
        {
            TimeLimit = settings.TimeLimit,
            TestFraction = settings.TestFraction,
            Seed = settings.Seed,
            Recipe = result.GetValue(Recipe)!,
            Width = width,
            Height = height,
        };
    }

    private static (int?, int?) ParseSize(string text)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && width is >= 12 and <= 1024 && height is >= 12 and <= 1024)
            return (width, height);
        throw new CliException($"--image-size {text}: give WIDTHxHEIGHT in pixels, each 12 to 1024, such as 28x28 or 64x48.");
    }
}
