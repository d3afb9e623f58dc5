using TorchSharp;

namespace Lepton.Data;

/// <summary>
/// A finite, indexable collection of examples that can hand out any batch of them. In-memory data
/// (<see cref="TensorDataset"/>) and lazily read items (<see cref="ItemDataset"/>) are both datasets, so every
/// feature that takes one — splits, validation split, shuffling, prefetching — works for both.
/// </summary>
public abstract class Dataset
{
    static Dataset() => NativeInitializer.Run();

    /// <summary>The number of examples.</summary>
    public abstract int Count { get; }

    /// <summary>The shape of one example of each input, without the batch dimension.</summary>
    public abstract IReadOnlyList<Shape> InputShapes { get; }

    /// <summary>The shape of one example's target (<see cref="Shape.Scalar"/> for a class index); null without labels.</summary>
    public abstract Shape? TargetShape { get; }

    /// <summary>Names of the classes when the target is a class index, else null.</summary>
    public virtual IReadOnlyList<string>? ClassNames => null;

    /// <summary>
    /// True when batches come straight from memory at the cost of a copy, so building them on a separate thread
    /// gains nothing (<see cref="DataLoader"/> then does not prefetch).
    /// </summary>
    public virtual bool IsInMemory => false;

    /// <summary>Builds the batch of the examples at <paramref name="indices"/>; the caller owns the result.</summary>
    public abstract Batch GetBatch(ReadOnlySpan<int> indices);

    /// <summary>The examples at <paramref name="indices"/>, without copying data.</summary>
    public Dataset Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var copy = indices.ToArray();
        foreach (var i in copy)
        {
            // Checked here, not when a batch is built, so the error points at the Subset call rather than mid-epoch.
            if ((uint)i >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Subset index {i} is outside the dataset of {Count} examples.");
        }
        return new SubsetDataset(this, copy);
    }

    /// <summary>The first <paramref name="count"/> examples.</summary>
    public Dataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Subset(Enumerable.Range(0, Math.Min(count, Count)).ToArray());
    }

    /// <summary>
    /// Splits off the last <paramref name="fraction"/> of the examples (Keras's validation_split), or a random
    /// fraction when <paramref name="random"/> is given.
    /// </summary>
    public (Dataset Kept, Dataset Held) Split(double fraction, Random? random = null)
    {
        if (fraction is <= 0 or >= 1 || double.IsNaN(fraction))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction to split off must lie strictly between 0 and 1.");
        var order = Enumerable.Range(0, Count).ToArray();
        random?.Shuffle(order);
        var held = (int)Math.Round(Count * fraction);
        if (held == 0 || held == Count)
            throw new ArgumentException($"Splitting {fraction:0.###} of {Count} examples leaves one side empty.", nameof(fraction));
        return (Subset(order[..^held]), Subset(order[^held..]));
    }

    /// <summary>
    /// Splits off <paramref name="fraction"/> of the examples: the last ones (<see cref="ValidationSplitMode.Last"/>),
    /// random ones, or random ones within each class (<see cref="ValidationSplitMode.Stratified"/>, which reads every
    /// target once). Random draws come from <paramref name="random"/>, by default <see cref="LeptonRuntime.CreateRandom"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A side would be empty, or a stratified split's targets are not class indices.</exception>
    public (Dataset Kept, Dataset Held) Split(double fraction, ValidationSplitMode mode, Random? random = null)
    {
        switch (mode)
        {
            case ValidationSplitMode.Last: return Split(fraction);
            case ValidationSplitMode.Shuffled: return Split(fraction, random ?? LeptonRuntime.CreateRandom());
            case ValidationSplitMode.Stratified:
                if (fraction is <= 0 or >= 1 || double.IsNaN(fraction))
                    throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction to split off must lie strictly between 0 and 1.");
                var labels = ClassLabels().Select(l => (string?)l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                var split = Splits.Splitter.StratifiedIndices(labels, fraction, (random ?? LeptonRuntime.CreateRandom()).Next());
                if (split.Train.Length == 0 || split.Test.Length == 0)
                    throw new ArgumentException($"Splitting {fraction:0.###} of each class of {Count} examples leaves one side empty.", nameof(fraction));
                return (Subset(split.Train.Select(i => (int)i).ToArray()), Subset(split.Test.Select(i => (int)i).ToArray()));
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Choose one of {string.Join(", ", Enum.GetNames<ValidationSplitMode>())}.");
        }
    }

    /// <summary>Every example's class index, read through batches; for a stratified split.</summary>
    private long[] ClassLabels()
    {
        if (TargetShape is not { } shape || shape.Rank != 0)
            throw new ArgumentException($"A stratified split needs one class index per example; this dataset's targets {(TargetShape is null ? "are missing" : $"have shape {TargetShape}")}. Use ValidationSplitMode.Shuffled.");
        var labels = new long[Count];
        for (var start = 0; start < Count; start += 1024)
        {
            var indices = Enumerable.Range(start, Math.Min(1024, Count - start)).ToArray();
            using var batch = GetBatch(indices);
            using var target = batch.Target!.to_type(torch.ScalarType.Int64).cpu();
            target.data<long>().CopyTo(labels, start);
        }
        return labels;
    }

    /// <summary>Applies <paramref name="transform"/> to every batch this dataset hands out (e.g. augmentation).</summary>
    public Dataset Map(IBatchTransform transform) => new MappedDataset(this, transform);

    /// <summary>Checks <paramref name="indices"/> against <see cref="Count"/>, naming the first bad one.</summary>
    protected void CheckIndices(ReadOnlySpan<int> indices)
    {
        foreach (var i in indices)
        {
            if ((uint)i >= (uint)Count)
                throw new IndexOutOfRangeException($"Example index {i} is outside the dataset of {Count} examples.");
        }
    }

    private sealed class SubsetDataset(Dataset source, IReadOnlyList<int> indices) : Dataset
    {
        private readonly int[] _indices = indices.ToArray();

        public override int Count => _indices.Length;
        public override IReadOnlyList<Shape> InputShapes => source.InputShapes;
        public override Shape? TargetShape => source.TargetShape;
        public override IReadOnlyList<string>? ClassNames => source.ClassNames;
        public override bool IsInMemory => source.IsInMemory;

        public override Batch GetBatch(ReadOnlySpan<int> indices)
        {
            CheckIndices(indices);
            var mapped = new int[indices.Length];
            for (var i = 0; i < indices.Length; i++) mapped[i] = _indices[indices[i]];
            return source.GetBatch(mapped);
        }
    }

    private sealed class MappedDataset(Dataset source, IBatchTransform transform) : Dataset
    {
        public override int Count => source.Count;
        public override IReadOnlyList<Shape> InputShapes => source.InputShapes;
        public override Shape? TargetShape => source.TargetShape;
        public override IReadOnlyList<string>? ClassNames => source.ClassNames;

        public override Batch GetBatch(ReadOnlySpan<int> indices)
        {
            var batch = source.GetBatch(indices);
            return transform.Apply(batch);
        }
    }
}
