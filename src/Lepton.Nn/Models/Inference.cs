using Lepton.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Nn.Models;

/// <summary>Batched prediction in evaluation mode without gradients; results come back on the CPU.</summary>
internal static class Inference
{
    public static Tensor Predict(Model model, Dataset data, int batchSize, bool probabilities)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!model.IsBuilt) model.Build(data.InputShapes);
        var parts = new List<Tensor>();
        try
        {
            foreach (var raw in new DataLoader(data, batchSize))
            {
                using var batch = raw;
                parts.Add(Run(model, batch.Inputs, probabilities));
            }
            return cat(parts, 0);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    public static Tensor Predict(Model model, IReadOnlyList<Tensor> inputs, bool probabilities)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) throw new ArgumentException("Predict needs at least one input tensor.", nameof(inputs));
        if (!model.IsBuilt) model.Build(inputs.Select(t => Shape.FromBatched(t.shape)).ToArray());
        return Run(model, inputs, probabilities);
    }

    private static Tensor Run(Model model, IReadOnlyList<Tensor> inputs, bool probabilities)
    {
        var device = LeptonRuntime.Device;
        model.to(device);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var output = model.Run(inputs.Select(t => t.to(device)).ToArray());
            if (probabilities && model.OutputLoss is { } loss) output = loss.ToProbabilities(output);
            return output.cpu().MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
