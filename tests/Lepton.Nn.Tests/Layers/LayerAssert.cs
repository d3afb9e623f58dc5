using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Layers;

/// <summary>The checks every layer must pass: shape inference, gradient flow and a config round trip.</summary>
internal static class LayerAssert
{
    /// <summary>A random batch of <paramref name="batch"/> examples of <paramref name="shape"/>.</summary>
    public static Tensor Batch(Shape shape, long batch = 2) => randn(shape.WithBatch(batch));

    /// <summary>Builds <paramref name="layer"/> for <paramref name="inputShapes"/> and checks the inferred shape against a real forward pass.</summary>
    public static Shape InfersOutputShape(Layer layer, Shape[] inputShapes, Tensor[] inputs)
    {
        var inferred = layer.Build(inputShapes);
        Assert.Equal(inferred, layer.OutputShape);
        using var output = layer.Forward(inputs);
        var actual = Shape.FromBatched(output.shape);
        Assert.True(inferred.Accepts(actual), $"{layer.Name}: inferred {inferred.ToBatchString()} but the forward pass gave {actual.ToBatchString()}.");
        if (inferred.IsFullyKnown) Assert.Equal(inferred, actual);
        Assert.Equal(inputs[0].shape[0], output.shape[0]);
        return actual;
    }

    /// <summary>Single-input shorthand: builds for <paramref name="input"/> and runs a random batch of it.</summary>
    public static Shape InfersOutputShape(Layer layer, Shape input, long batch = 2)
    {
        using var x = Batch(input, batch);
        return InfersOutputShape(layer, [input], [x]);
    }

    /// <summary>
    /// Every parameter gets a gradient that is not all zeros (the loss is a random projection of the output, so
    /// normalization gains count too); a layer without parameters passes a gradient to its floating inputs.
    /// </summary>
    public static void GradientsFlow(Layer layer, params Tensor[] inputs)
    {
        using var scope = NewDisposeScope();
        var leaves = inputs.Select(t => t.is_floating_point() ? t.detach().clone().requires_grad_() : t).ToArray();
        var output = layer.Forward(leaves);
        (output * randn_like(output)).sum().backward();

        var parameters = layer.named_parameters().ToList();
        foreach (var (name, parameter) in parameters)
        {
            var grad = parameter.grad;
            Assert.True(grad is not null, $"{layer.Name}: parameter '{name}' got no gradient.");
            Assert.True(grad.abs().sum().item<float>() > 0, $"{layer.Name}: parameter '{name}' got an all-zero gradient.");
        }
        if (parameters.Count > 0) return;
        foreach (var leaf in leaves.Where(t => t.requires_grad))
        {
            var grad = leaf.grad;
            Assert.True(grad is not null, $"{layer.Name}: the input got no gradient.");
            Assert.True(grad.abs().sum().item<float>() > 0, $"{layer.Name}: the input got an all-zero gradient.");
        }
    }

    /// <summary>
    /// Rebuilds the built <paramref name="layer"/> from its config, copies its state, and checks the copy infers the
    /// same shape and gives the same output in evaluation mode. Returns the copy.
    /// </summary>
    public static Layer RoundTrips(Layer layer, params Tensor[] inputs)
    {
        var config = layer.GetConfig();
        var copy = LayerRegistry.Create(config);
        Assert.IsType(layer.GetType(), copy);
        Assert.Equal(layer.Name, copy.Name);
        Assert.Equal(config.ToString(), copy.GetConfig().ToString());
        Assert.Equal(layer.OutputShape, copy.Build(layer.InputShapes));

        var source = layer.state_dict();
        var target = copy.state_dict();
        Assert.Equal(source.Keys.Order(StringComparer.Ordinal), target.Keys.Order(StringComparer.Ordinal));
        using (no_grad())
        {
            foreach (var (key, value) in source) target[key].copy_(value);
        }

        layer.eval();
        copy.eval();
        using var expected = layer.Forward(inputs);
        using var actual = copy.Forward(inputs);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), $"{layer.Name}: the rebuilt layer gives different outputs.");
        return copy;
    }

    /// <summary>Building for <paramref name="inputs"/> fails with a message naming the layer and the given shape.</summary>
    public static ShapeMismatchException RejectsShapes(Layer layer, params Shape[] inputs)
    {
        var error = Assert.Throws<ShapeMismatchException>(() => layer.Build(inputs));
        Assert.Contains($"'{layer.Name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(inputs[^1].ToBatchString(), error.Message, StringComparison.Ordinal);
        Assert.False(layer.IsBuilt);
        return error;
    }

    /// <summary>A constructor call fails with an argument error whose message names the layer type and the argument.</summary>
    public static void RejectsArgument(Func<Layer> create, string typeName, string argument)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => create());
        Assert.Contains($"({typeName})", error.Message, StringComparison.Ordinal);
        Assert.Contains(argument, error.Message, StringComparison.Ordinal);
    }
}
