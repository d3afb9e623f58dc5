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
        using var mode = new EvaluationMode(model);
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
        using var mode = new EvaluationMode(model);
        return Run(model, inputs, probabilities);
    }

    private static Tensor Run(Model model, IReadOnlyList<Tensor> inputs, bool probabilities)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = LeptonRuntime.Device;
        var output = model.Run(inputs.Select(t => t.to(device)).ToArray());
        if (probabilities && model.OutputLoss is { } loss) output = loss.ToProbabilities(output);
        return output.cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Puts the model on the device in evaluation mode for one prediction call, and restores its mode after.</summary>
    private readonly struct EvaluationMode : IDisposable
    {
        private readonly Model _model;
        private readonly bool _wasTraining;

        public EvaluationMode(Model model)
        {
            _model = model;
            _wasTraining = model.training;
            model.to(LeptonRuntime.Device);
            model.eval();
        }

        public void Dispose() => _model.train(_wasTraining);
    }
}
