using Lepton.Nn.Zoo;
using Lepton.Training.Automatic;

namespace Lepton.Training.Images;

/// <summary>How <see cref="ImageTrainer"/> reads an image folder and trains on it: the time limit, the splits, the image size and the recipe.</summary>
public sealed class ImageTrainingOptions
{
    /// <summary>The recipe name that lets the trainer choose: <c>batchnorm</c> (with augmentation) when its epochs fit in the time limit at the measured speed, else <c>small</c>.</summary>
    public const string AutoRecipe = "auto";

    /// <summary>How long timing the recipes and training may take (decoding the images before and testing after are not counted); the best weights so far are kept when it is reached.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The share of each class held out to test the model when the folder has no <c>test/</c> folder.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>The share of each class of the training images that picks the best epoch, when the folder has no <c>validation/</c> folder.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>The seed of the splits and of the network.</summary>
    public int Seed { get; init; }

    /// <summary><see cref="AutoRecipe"/> or the name of one of <see cref="ImageRecipe.All"/>.</summary>
    public string Recipe { get; init; } = AutoRecipe;

    /// <summary>The width images are resized to; null for the folder's most common width (see <see cref="MaxSide"/>).</summary>
    public int? Width { get; init; }

    /// <summary>The height images are resized to; null for the folder's most common height (see <see cref="MaxSide"/>).</summary>
    public int? Height { get; init; }

    /// <summary>When no size is given, the most common size is shrunk (keeping its aspect ratio) to at most this many pixels on its longer side, so a CNN trains on a CPU in minutes.</summary>
    public int MaxSide { get; init; } = 64;

    internal void Validate()
    {
        if (TimeLimit <= TimeSpan.Zero) throw new TrainingException($"The time limit must be positive, not {TimeLimit}.");
        if (TestFraction is <= 0 or >= 1 || double.IsNaN(TestFraction)) throw new TrainingException($"The test fraction must be between 0 and 1 (exclusive), not {TestFraction}.");
        if (ValidationFraction is <= 0 or >= 1 || double.IsNaN(ValidationFraction)) throw new TrainingException($"The validation fraction must be between 0 and 1 (exclusive), not {ValidationFraction}.");
        if ((Width is null) != (Height is null)) throw new TrainingException("Give both the width and the height of the images, or neither.");
        if (Width is < 12 or > 1024 || Height is < 12 or > 1024) throw new TrainingException($"The image size {Width}x{Height} must be between 12 and 1024 pixels on each side.");
        if (MaxSide < 12) throw new TrainingException($"The largest side must be at least 12 pixels, not {MaxSide}.");
        if (Recipe != AutoRecipe && !ImageRecipe.All.Any(r => r.Name == Recipe))
            throw new TrainingException($"Unknown recipe '{Recipe}'; the recipes are {AutoRecipe}, {string.Join(", ", ImageRecipe.All.Select(r => r.Name))}.");
    }
}
