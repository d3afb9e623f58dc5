using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests;

/// <summary>Small deterministic datasets and models for training tests.</summary>
internal static class TestData
{
    /// <summary>A compiled two-layer classifier for <see cref="Separable"/>.</summary>
    public static Sequential Classifier(double learningRate = 0.01)
    {
        var model = new Sequential(new Dense(16, "relu"), new Dense(2));
        model.Compile(new Adam(learningRate), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
        return model;
    }

    /// <summary>Two classes split by the sign of x0 + x1, in <paramref name="features"/> dimensions.</summary>
    public static TensorDataset Separable(int count = 512, int features = 4, long seed = 7)
    {
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var x = randn([count, features], generator: generator);
        var y = (x[.., 0] + x[.., 1] > 0).to(ScalarType.Int64);
        return new TensorDataset(x, y, ["negative", "positive"]);
    }
}
