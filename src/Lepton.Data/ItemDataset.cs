using TorchSharp;

namespace Lepton.Data;

/// <summary>
/// A dataset whose examples are read one at a time when asked for (files on disk, records from a stream).
/// Subclasses say how to read one example; batching stacks them.
/// </summary>
public abstract class ItemDataset : Dataset
{
    static ItemDataset() => NativeInitializer.Run();

    /// <summary>Reads example <paramref name="index"/>: one tensor per input (no batch dimension) and its target.</summary>
    protected abstract (IReadOnlyList<torch.Tensor> Inputs, torch.Tensor? Target) ReadItem(int index);

    /// <inheritdoc />
    public override Batch GetBatch(ReadOnlySpan<int> indices)
    {
        CheckIndices(indices);
        if (indices.Length == 0) throw new ArgumentException("A batch needs at least one example.", nameof(indices));
        using var scope = torch.NewDisposeScope();
        var items = new List<(IReadOnlyList<torch.Tensor> Inputs, torch.Tensor? Target)>(indices.Length);
        foreach (var i in indices)
        {
            var item = ReadItem(i);
            CheckItem(i, item.Inputs, item.Target);
            items.Add(item);
        }
        var inputs = Enumerable.Range(0, InputShapes.Count)
            .Select(k => torch.stack(items.Select(it => it.Inputs[k]).ToArray()).MoveToOuterDisposeScope())
            .ToList();
        var target = TargetShape is null ? null : torch.stack(items.Select(it => it.Target!).ToArray()).MoveToOuterDisposeScope();
        return new Batch(inputs, target);
    }

    private void CheckItem(int index, IReadOnlyList<torch.Tensor> inputs, torch.Tensor? target)
    {
        if (inputs.Count != InputShapes.Count)
            throw new InvalidDataException($"Example {index} has {inputs.Count} inputs; the dataset declares {InputShapes.Count}.");
        for (var k = 0; k < inputs.Count; k++)
        {
            var actual = new Shape(inputs[k].shape);
            if (!InputShapes[k].Accepts(actual))
                throw new InvalidDataException($"Example {index}, input {k}, has shape {actual}; the dataset declares {InputShapes[k]}.");
        }
        if ((target is null) != (TargetShape is null))
            throw new InvalidDataException($"Example {index} {(target is null ? "has no target, but the dataset declares one" : "has a target, but the dataset declares none")}.");
        if (target is not null && !TargetShape!.Accepts(new Shape(target.shape)))
            throw new InvalidDataException($"Example {index} has a target of shape {new Shape(target.shape)}; the dataset declares {TargetShape}.");
    }
}
