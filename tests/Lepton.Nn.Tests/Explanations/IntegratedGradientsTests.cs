using Lepton.Data;
using Lepton.Nn.Explanations;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Explanations;

public sealed class IntegratedGradientsTests
{
    [Fact]
    public void A_linear_model_s_attributions_are_weight_times_input_exactly()
    {
        LeptonRuntime.Seed(3);
        var model = new Sequential(new Shape(3), new Dense(1, name: "linear"));
        model.Compile(new Sgd(0.1), new MeanSquaredError());
        using var x = tensor(new float[,] { { 1, 2, 3 }, { -1, 0.5f, 4 } });
        using var attributions = IntegratedGradients.Explain(model, [x], new IntegratedGradientsOptions { Steps = 4 });

        var weight = model.Layers.OfType<Dense>().Single().parameters().First(p => p.dim() == 2).detach().cpu().flatten();
        using var expected = x * weight;
        Assert.True(attributions.Values[0]!.allclose(expected, rtol: 1e-5, atol: 1e-6),
            $"attributions {attributions.Values[0]!.ToString(TorchSharp.TensorStringStyle.Numpy)} expected {expected.ToString(TorchSharp.TensorStringStyle.Numpy)}");
        Assert.All(attributions.Delta(), d => Assert.True(Math.Abs(d) < 1e-5, $"delta {d}"));
    }

    [Fact]
    public void Attributions_of_a_nonlinear_classifier_add_up_to_its_probability_change_within_one_percent()
    {
        LeptonRuntime.Seed(5);
        using var data = TestData.Separable(count: 256, features: 6);
        var model = new Sequential(new Dense(32, "tanh"), new Dense(16, "relu"), new Dense(2));
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true));
        model.Fit(data, epochs: 5, batchSize: 32, verbose: Verbosity.Silent);
        using var x = data.Input().narrow(0, 0, 40);

        using var attributions = IntegratedGradients.Explain(model, [x]);

        using var probabilities = model.PredictProbabilities(x);
        var predicted = probabilities.argmax(1).data<long>().ToArray();
        Assert.Equal(predicted, attributions.Targets);
        var delta = attributions.Delta();
        for (var r = 0; r < delta.Length; r++)
        {
            var change = attributions.Outputs[r] - attributions.BaselineOutputs[r];
            Assert.True(Math.Abs(delta[r]) <= 0.01 * Math.Max(Math.Abs(change), 1e-2), $"row {r}: attributions miss the change {change:F5} by {delta[r]:F6}");
            Assert.Equal(probabilities[r, predicted[r]].item<float>(), attributions.Outputs[r], 5);
        }
    }

    [Fact]
    public void On_a_table_where_two_of_ten_features_drive_the_label_those_two_rank_first()
    {
        LeptonRuntime.Seed(11);
        using var data = TestData.Separable(count: 1024, features: 10);
        var model = TestData.Classifier();
        model.Fit(data, epochs: 15, batchSize: 64, verbose: Verbosity.Silent);
        using var x = data.Input().narrow(0, 0, 200);

        using var attributions = IntegratedGradients.Explain(model, [x]);

        using var meanAbsolute = attributions.Values[0]!.abs().mean([0]);
        var ranked = meanAbsolute.data<float>().ToArray().Select((v, i) => (v, i)).OrderByDescending(p => p.v).Select(p => p.i).ToArray();
        Assert.Equal([0, 1], ranked.Take(2).Order());
    }

    [Fact]
    public void Token_ids_read_by_an_embedding_get_one_attribution_per_token_and_completeness_counts_them()
    {
        LeptonRuntime.Seed(2);
        var numbers = new Input(new Shape(2), name: "numbers");
        var ids = new Input(new Shape(4), name: "ids");
        var embedded = new GlobalAveragePool1D().Apply(new Embedding(10, 3).Apply(ids));
        var output = new Dense(2).Apply(new Concatenate().Apply(numbers, new Dense(4, "tanh").Apply(embedded)));
        var model = new Model([numbers, ids], output);
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true));
        using var x = tensor(new float[,] { { 0.5f, -1 }, { 2, 1 } });
        using var tokens = tensor(new long[,] { { 1, 2, 3, 0 }, { 4, 4, 5, 9 } });

        using var attributions = IntegratedGradients.Explain(model, [x, tokens]);

        Assert.Equal([2L, 2], attributions.Values[0]!.shape);
        Assert.Equal([2L, 4], attributions.Values[1]!.shape);
        Assert.Equal(0f, attributions.Values[1]![0, 3].item<float>());      // the padding id is its own baseline
        Assert.NotEqual(0f, attributions.Values[1]![1, 0].item<float>());
        Assert.All(attributions.Delta(), d => Assert.True(Math.Abs(d) < 1e-3, $"delta {d}"));
        using var expected = model.PredictProbabilities(x, tokens);
        Assert.Equal(expected[0].max().item<float>(), attributions.Outputs[0], 5);
    }

    [Fact]
    public void Inputs_and_baselines_of_the_wrong_shape_are_refused_with_what_was_expected()
    {
        var model = new Sequential(new Shape(3), new Dense(2));
        model.Compile(new Sgd(0.1), new SparseCategoricalCrossentropy(fromLogits: true));
        using var x = ones(2, 3);
        using var a = ones(2, 3);
        var many = Assert.Throws<ArgumentException>(() => IntegratedGradients.Explain(model, [x, a]));
        Assert.Contains("takes 1 input(s)", many.Message);

        using var wrong = zeros(4);
        var baseline = Assert.Throws<ArgumentException>(() => IntegratedGradients.Explain(model, [x], new IntegratedGradientsOptions { Baselines = [wrong] }));
        Assert.Contains("shape [4]", baseline.Message);
        Assert.Contains("[3]", baseline.Message);

        var target = Assert.Throws<ArgumentException>(() => IntegratedGradients.Explain(model, [x], targets: [0, 5]));
        Assert.Contains("outside the model's 2 output(s)", target.Message);
    }
}
