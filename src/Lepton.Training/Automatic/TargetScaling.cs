using Lepton.Data;
using Lepton.Data.Pipelines;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Training.Automatic;

/// <summary>
/// A regression target standardized for training and the output layer scaled back after, so a network learns on
/// numbers near 0 whatever the target's units, and the saved model predicts in those units.
/// </summary>
internal static class TargetScaling
{
    public static (double Mean, double Scale) Moments(Tensor labels)
    {
        using var scope = NewDisposeScope();
        var mean = labels.mean().item<float>();
        var std = labels.numel() > 1 ? labels.std().item<float>() : 0f;
        return (mean, std > 1e-8 ? std : 1.0);
    }

    public static TensorDataset Standardized(TableDataset data, double mean, double scale)
    {
        using var scope = NewDisposeScope();
        var labels = ((data.Labels - mean) / scale).MoveToOuterDisposeScope();
        return new TensorDataset(data.Features.clone().MoveToOuterDisposeScope(), labels);
    }

    /// <summary>Output = scale × (W·h + b) + mean, folded into the last layer's weights.</summary>
    public static void Rescale(Model model, double mean, double scale)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = model.Layers[^1];
        foreach (var (name, parameter) in output.named_parameters())
        {
            parameter.mul_(scale);
            if (name == "bias") parameter.add_(mean);
        }
    }
}
