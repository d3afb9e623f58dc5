using Lepton.Data;
using Lepton.Data.Augmentation;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;

namespace Lepton.Nn.Zoo;

/// <summary>
/// A complete way to train an image classifier: the network, the optimizer and schedule, and the augmentation.
/// <c>lepton quickstart --recipe NAME</c> and the benchmarks use these, so the figures quoted are reproducible.
/// </summary>
public sealed class ImageRecipe
{
    private readonly Func<Shape, int, Model> _build;
    private readonly Func<long, Optimizer> _optimizer;
    private readonly Func<IBatchTransform?> _augmentation;

    private ImageRecipe(string name, string description, int defaultEpochs, Func<Shape, int, Model> build, Func<long, Optimizer> optimizer, Func<IBatchTransform?> augmentation)
    {
        Name = name;
        Description = description;
        DefaultEpochs = defaultEpochs;
        _build = build;
        _optimizer = optimizer;
        _augmentation = augmentation;
    }

    /// <summary>The two-convolution network with Adam under a one-cycle schedule (peak 3e-3), no augmentation.</summary>
    public static ImageRecipe Small { get; } = new(
        "small",
        "two convolutions + pooling, dense 128; Adam, one-cycle 3e-3",
        5,
        ImageClassifiers.SmallCnn,
        totalSteps => new Adam(3e-3, schedule: new OneCycle(3e-3, Math.Max(totalSteps, 2))),
        () => null);

    /// <summary>The batch-norm network with dropout, AdamW under a one-cycle schedule, random flips and shifts.</summary>
    public static ImageRecipe BatchNorm { get; } = new(
        "batchnorm",
        "four conv-BN-ReLU layers, dropout, dense 256; AdamW one-cycle 3e-3; random flip + crop",
        15,
        ImageClassifiers.BatchNormCnn,
        totalSteps => new AdamW(3e-3, weightDecay: 5e-4, schedule: new OneCycle(3e-3, Math.Max(totalSteps, 2))),
        () => new ImageAugmentation(new RandomFlip(), new RandomCrop(2)));

    /// <summary>Every recipe, by name.</summary>
    public static IReadOnlyList<ImageRecipe> All { get; } = [Small, BatchNorm];

    /// <summary>The recipe's name (<c>small</c>, <c>batchnorm</c>).</summary>
    public string Name { get; }

    /// <summary>One line about what it does.</summary>
    public string Description { get; }

    /// <summary>The epochs it is meant to train for.</summary>
    public int DefaultEpochs { get; }

    /// <summary>The recipe called <paramref name="name"/>.</summary>
    public static ImageRecipe Get(string name) =>
        All.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown recipe '{name}'. Known: {string.Join(", ", All.Select(r => r.Name))}.", nameof(name));

    /// <summary>A new, compiled model for images of <paramref name="inputShape"/> and <paramref name="classes"/> classes.</summary>
    public Model CreateModel(Shape inputShape, int classes, long totalSteps)
    {
        var model = _build(inputShape, classes);
        model.Compile(_optimizer(totalSteps), new SparseCategoricalCrossentropy(fromLogits: true), new Metrics.Accuracy());
        return model;
    }

    /// <summary>The training data with the recipe's augmentation applied (unchanged when it has none).</summary>
    public Dataset Augment(Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        return _augmentation() is { } augmentation ? train.Map(augmentation) : train;
    }
}
