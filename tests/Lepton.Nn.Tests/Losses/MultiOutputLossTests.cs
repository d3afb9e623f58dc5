using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Losses;

public sealed class MultiOutputLossTests
{
    [Fact]
    public void Each_head_gets_its_own_loss_cross_entropy_for_classes_and_squared_error_for_a_value()
    {
        using var scope = NewDisposeScope();
        var loss = new MultiOutputLoss([3, 1]);
        var predictions = tensor(new float[] { 2, 0, 0, 1.5f, 0, 0, 3, -1 }, [2, 4]);
        var targets = tensor(new float[] { 0, 1, 2, 0 }, [2, 2]);
        var values = loss.Compute(predictions, targets);
        Assert.Equal([2L, 2L], values.shape);
        var expected = nn.functional.cross_entropy(predictions[.., 0..3], tensor(new long[] { 0, 2 }), reduction: nn.Reduction.None);
        Assert.Equal(expected[0].item<float>(), values[0, 0].item<float>(), 5);
        Assert.Equal(expected[1].item<float>(), values[1, 0].item<float>(), 5);
        Assert.Equal(0.25f, values[0, 1].item<float>(), 5);
        Assert.Equal(1f, values[1, 1].item<float>(), 5);
        var probabilities = loss.ToProbabilities(predictions);
        Assert.Equal(1f, probabilities[0, 0..3].sum().item<float>(), 5);
        Assert.Equal(-1f, probabilities[1, 3].item<float>(), 5);
        Assert.Throws<ArgumentException>(() => loss.Compute(predictions[.., 0..3], targets));
    }

    [Fact]
    public void A_functional_model_with_two_heads_fits_both_targets_and_its_file_loads_with_the_loss()
    {
        LeptonRuntime.Seed(4);
        var x = randn(256, 3);
        var cls = (x[.., 0] > 0).to(ScalarType.Float32);
        var value = (x[.., 1] * 2 + 1).to(ScalarType.Float32);
        using var data = new TensorDataset(x, stack([cls, value], 1));
        var input = new Input(3);
        var trunk = new Dense(16, "relu").Apply(input);
        var output = new Concatenate().Apply(new Dense(2, name: "head_1").Apply(trunk), new Dense(1, name: "head_2").Apply(trunk));
        var model = new Model(input, output, "two_heads");
        model.Compile(new Adam(0.02), new MultiOutputLoss([2, 1]));
        var history = model.Fit(data, epochs: 60, batchSize: 64, verbose: Verbosity.Silent);
        Assert.True(history["loss"][^1] < 0.3 * history["loss"][0], $"loss {history["loss"][0]} -> {history["loss"][^1]}");

        var folder = Directory.CreateTempSubdirectory("lepton-multi-").FullName;
        try
        {
            var path = Path.Combine(folder, "two_heads.lepton");
            model.Save(path);
            using var loaded = Model.Load(path);
            var loss = Assert.IsType<MultiOutputLoss>(loaded.Metadata.OutputLoss);
            Assert.Equal([2, 1], loss.Widths);
            Assert.Equal(model.Evaluate(data)["loss"], loaded.Evaluate(data)["loss"], 4);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
