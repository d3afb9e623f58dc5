using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

public sealed class FunctionalModelTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"lepton-layers-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_residual_block_runs_saves_and_loads_with_identical_predictions()
    {
        using var scope = NewDisposeScope();
        var input = new Input(2, 6, 6);
        var x = new Conv2D(2, 3, padding: "same", activation: "relu").Apply(input);
        x = new Conv2D(2, 3, padding: "same").Apply(x);
        x = new Add().Apply(x, input);
        var output = new Activation("relu").Apply(x);
        var model = new Model(input, output);
        Assert.Equal(new Shape(2, 6, 6), model.OutputShape);

        var images = randn(3, 2, 6, 6);
        Assert.Equal([3L, 2, 6, 6], model.Forward(images).shape);

        var loaded = SaveAndLoad(model);
        Assert.True(model.Predict(images).eq(loaded.Predict(images)).all().item<bool>());
    }

    [Fact]
    public void A_two_input_model_joins_an_image_and_a_vector()
    {
        using var scope = NewDisposeScope();
        var image = new Input(1, 8, 8);
        var features = new Input(4);
        var seen = new Flatten().Apply(new MaxPool2D().Apply(new Conv2D(3, 3, activation: "relu").Apply(image)));
        var measured = new Dense(5, "relu").Apply(features);
        var joined = new Concatenate().Apply(seen, measured);
        var output = new Dense(3).Apply(joined);
        var model = new Model([image, features], output);
        Assert.Equal(new Shape(3), model.OutputShape);
        Assert.Equal(new Shape(3 * 3 * 3 + 5), joined.Shape);

        var images = randn(4, 1, 8, 8);
        var vectors = randn(4, 4);
        Assert.Equal([4L, 3], model.Forward(images, vectors).shape);

        var loaded = SaveAndLoad(model);
        Assert.True(model.Predict(images, vectors).eq(loaded.Predict(images, vectors)).all().item<bool>());
    }

    [Fact]
    public void A_sequence_model_keeps_running_statistics_and_recurrent_weights_through_a_file()
    {
        using var scope = NewDisposeScope();
        var model = new Sequential(new Shape(6),
            new Embedding(20, 8),
            new TransformerEncoder(2, 16),
            new LSTM(6, returnSequences: true),
            new Conv1D(4, 3, padding: "same"),
            new GRU(5, bidirectional: true),
            new BatchNorm(momentum: 0.5),
            new Dropout(0.2),
            new Dense(3));
        var ids = randint(20, [8, 6]).to(ScalarType.Float32);

        model.train();
        _ = model.Forward(ids);
        var batchNorm = model.Layers.OfType<BatchNorm>().Single();
        Assert.False(batchNorm.state_dict()["running_mean"].eq(0).all().item<bool>());

        var loaded = SaveAndLoad(model);
        Assert.Equal(model.state_dict().Keys.Order(StringComparer.Ordinal), loaded.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.True(model.Predict(ids).eq(loaded.Predict(ids)).all().item<bool>());
    }

    [Fact]
    public void Layers_that_cannot_take_an_input_fail_while_the_graph_is_built()
    {
        var input = new Input(16);
        var error = Assert.Throws<ShapeMismatchException>(() => new Conv2D(4, 3, name: "conv_on_vector").Apply(input));
        Assert.Contains("'conv_on_vector'", error.Message, StringComparison.Ordinal);
        Assert.Contains("(None, 16)", error.Message, StringComparison.Ordinal);
    }

    private Model SaveAndLoad(Model model)
    {
        var path = Path.Combine(_folder, $"{model.Name}.lepton");
        model.Save(path);
        return Model.Load(path);
    }
}
