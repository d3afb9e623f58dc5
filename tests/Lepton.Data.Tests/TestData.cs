using System.Collections.Concurrent;
using TorchSharp;

namespace Lepton.Data.Tests;

/// <summary>Small datasets whose examples say who they are, for checking order and coverage.</summary>
internal static class TestData
{
    /// <summary>Example i has input [i] (float) and target i (int64).</summary>
    public static TensorDataset Ids(int count) =>
        new(torch.arange(count, dtype: torch.float32).view(count, 1), torch.arange(count, dtype: torch.int64));

    /// <summary>The example ids a batch holds, read from its target.</summary>
    public static long[] IdsOf(Batch batch) => batch.Target!.data<long>().ToArray();

    /// <summary>Every id of one pass, batch by batch, disposing each batch.</summary>
    public static List<long[]> Pass(IEnumerable<Batch> loader)
    {
        var batches = new List<long[]>();
        foreach (var batch in loader)
        {
            using (batch) batches.Add(IdsOf(batch));
        }
        return batches;
    }

    /// <summary>A batch of float images shaped (n, c, h, w) holding 0, 1, 2, … and targets 0..n-1.</summary>
    public static Batch Images(int n, int c, int h, int w) => new(
        [torch.arange(n * c * h * w, dtype: torch.float32).view(n, c, h, w)],
        torch.arange(n, dtype: torch.int64));
}

/// <summary>An item dataset whose reads can be told to fail at one index.</summary>
internal sealed class FailingItems(int count, int failAt, string message) : ItemDataset
{
    public override int Count => count;
    public override IReadOnlyList<Shape> InputShapes { get; } = [new Shape(2)];
    public override Shape? TargetShape => Shape.Scalar;

    protected override (IReadOnlyList<torch.Tensor> Inputs, torch.Tensor? Target) ReadItem(int index)
    {
        if (index == failAt) throw new IOException(message);
        return ([torch.full(2, (float)index)], torch.tensor((long)index));
    }
}

/// <summary>A dataset that remembers every tensor it hands out, so tests can check they were all disposed.</summary>
internal sealed class RecordingDataset(int count) : Dataset
{
    public ConcurrentQueue<torch.Tensor> Created { get; } = new();
    public override int Count => count;
    public override IReadOnlyList<Shape> InputShapes { get; } = [new Shape(1)];
    public override Shape? TargetShape => Shape.Scalar;

    public override Batch GetBatch(ReadOnlySpan<int> indices)
    {
        CheckIndices(indices);
        var ids = indices.ToArray().Select(i => (long)i).ToArray();
        var input = torch.tensor(ids.Select(i => (float)i).ToArray()).view(-1, 1);
        var target = torch.tensor(ids);
        Created.Enqueue(input);
        Created.Enqueue(target);
        return new Batch([input], target);
    }
}
