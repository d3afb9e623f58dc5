using Lepton.Data.Images;
using Lepton.Nn.Models;

namespace Lepton.Training.Images;

/// <summary>
/// What <c>ImageTrainer.Train</c> made: the model with its best validation weights, ready to save (its file carries
/// the image format, the class names, the test metrics and the plan), how training went, and the test metrics.
/// </summary>
public sealed class ImageTrainingResult : IDisposable
{
    internal ImageTrainingResult(Model model, ImageTrainingPlan plan, string recipe, string note, IReadOnlyDictionary<string, double> testMetrics,
        int trainImages, int validationImages, int testImages, IReadOnlyList<SkippedImage> skipped, TimeSpan readTime, TimeSpan trainTime)
    {
        Model = model;
        Plan = plan;
        Recipe = recipe;
        Note = note;
        TestMetrics = testMetrics;
        TrainImages = trainImages;
        ValidationImages = validationImages;
        TestImages = testImages;
        Skipped = skipped;
        ReadTime = readTime;
        TrainTime = trainTime;
    }

    /// <summary>The trained model.</summary>
    public Model Model { get; }

    /// <summary>The plan it was trained by.</summary>
    public ImageTrainingPlan Plan { get; }

    /// <summary>The recipe used (<c>small</c>, <c>batchnorm</c>).</summary>
    public string Recipe { get; }

    /// <summary>How training went: why this recipe, epochs, best epoch, whether the time limit stopped it.</summary>
    public string Note { get; }

    /// <summary>The metrics on the test images: <c>accuracy</c>, <c>f1_macro</c>, <c>loss</c>.</summary>
    public IReadOnlyDictionary<string, double> TestMetrics { get; }

    /// <summary>Images trained on.</summary>
    public int TrainImages { get; }

    /// <summary>Images that picked the best epoch.</summary>
    public int ValidationImages { get; }

    /// <summary>Images tested on.</summary>
    public int TestImages { get; }

    /// <summary>Every image file left out because it could not be read (its header or its pixels).</summary>
    public IReadOnlyList<SkippedImage> Skipped { get; }

    /// <summary>The time decoding the images took.</summary>
    public TimeSpan ReadTime { get; }

    /// <summary>The time timing the recipes, training and testing took (all but the test bounded by the time limit).</summary>
    public TimeSpan TrainTime { get; }

    /// <summary>Writes the model file (atomically).</summary>
    public void Save(string path) => Model.Save(path);

    /// <summary>Frees the model's tensors.</summary>
    public void Dispose() => Model.Dispose();
}
