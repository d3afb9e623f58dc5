namespace Lepton.Data.Augmentation;

/// <summary>
/// A pipeline of batch transforms applied in order, such as
/// <c>new ImageAugmentation(new RandomFlip(), new RandomCrop(2), new Normalize([0.286], [0.353]))</c>; pass it to
/// <see cref="Dataset.Map"/> on the training data.
/// </summary>
public sealed class ImageAugmentation : IBatchTransform
{
    static ImageAugmentation() => NativeInitializer.Run();

    private readonly IBatchTransform[] _steps;

    /// <summary>Creates the pipeline from its steps, first applied first.</summary>
    public ImageAugmentation(params IBatchTransform[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Any(s => s is null)) throw new ArgumentException("An augmentation step is null.", nameof(steps));
        _steps = (IBatchTransform[])steps.Clone();
    }

    /// <summary>The steps, in the order they run.</summary>
    public IReadOnlyList<IBatchTransform> Steps => _steps;

    /// <inheritdoc />
    public Batch Apply(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var step in _steps) batch = step.Apply(batch);
        return batch;
    }
}
