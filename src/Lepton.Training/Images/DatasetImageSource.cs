using System.Globalization;
using Lepton.Data;
using Lepton.Data.Images;
using Lepton.Training.Automatic;
using static TorchSharp.torch;

namespace Lepton.Training.Images;

/// <summary>
/// Images already in memory (a catalog dataset) as an <see cref="ImageSource"/>: the training and test sets joined
/// into one dataset, the test set kept as the test split. They are trained on in their own format, never resized.
/// </summary>
internal sealed class DatasetImageSource : ImageSource
{
    private readonly TensorDataset _images;
    private readonly int[] _labels;
    private readonly int _trainCount;
    private readonly ImageFormat _format;

    public DatasetImageSource(string name, TensorDataset train, TensorDataset test, ImageFormat format)
    {
        if (train.ClassNames is not { Count: >= 2 } classes || train.Target is null || test.Target is null)
            throw new ArgumentException($"{name}: both sets need class-index targets and at least two class names.", nameof(train));
        if (test.ClassNames is not null && !test.ClassNames.SequenceEqual(classes))
            throw new ArgumentException($"{name}: the test set's classes ({string.Join(", ", test.ClassNames)}) are not the training set's ({string.Join(", ", classes)}).", nameof(test));
        foreach (var (part, set) in new[] { ("training", train), ("test", test) })
        {
            if (set.InputShapes.Count != 1 || !set.InputShapes[0].Equals(format.Shape))
                throw new ArgumentException($"{name}: the {part} images have shape {string.Join(", ", set.InputShapes)}, not the format's {format.Shape}.", nameof(format));
        }
        Name = name;
        ClassNames = classes;
        _format = format;
        _trainCount = train.Count;
        using var scope = NewDisposeScope();
        var target = cat([train.Target, test.Target]).to_type(ScalarType.Int64).MoveToOuterDisposeScope();
        _labels = [.. target.data<long>().ToArray().Select(l => checked((int)l))];
        _images = new TensorDataset(cat([train.Input(), test.Input()]).MoveToOuterDisposeScope(), target, classes);
        var bad = Array.FindIndex(_labels, l => l < 0 || l >= classes.Count);
        if (bad >= 0)
        {
            _images.Dispose();
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: example {bad} has label {_labels[bad]}, not one of the {classes.Count} classes."), nameof(train));
        }
    }

    public override string Name { get; }

    public override IReadOnlyList<string> ClassNames { get; }

    public override int Count => _labels.Length;

    internal override int LabelOf(int image) => _labels[image];

    internal override ImageSplit SplitOf(int image) => image < _trainCount ? ImageSplit.Train : ImageSplit.Test;

    internal override string? OwnSplit => string.Create(CultureInfo.InvariantCulture, $"{Name}'s own training and test sets ({_trainCount:N0} and {Count - _trainCount:N0} images)");

    internal override ImageFormat FormatFor(ImageTrainingOptions options, int minSide)
    {
        if (options.Width is { } w && options.Height is { } h && (w != _format.Width || h != _format.Height))
            throw new TrainingException(string.Create(CultureInfo.InvariantCulture,
                $"{Name}'s images are {_format.Width}x{_format.Height} and are trained on as they are; the image size {w}x{h} applies to image folders."));
        return _format;
    }

    internal override int CountResized(ImageFormat format) => 0;

    internal override ImageSourceData Read(ImageFormat format, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(Count);
        return new ImageSourceData(_images, [.. Enumerable.Range(0, Count)], [], owned: null);
    }

    private protected override void Release() => _images.Dispose();
}
