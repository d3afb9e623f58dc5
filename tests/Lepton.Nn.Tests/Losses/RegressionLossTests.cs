using Lepton.Nn.Losses;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Losses;

public sealed class RegressionLossTests
{
    [Fact]
    public void Mean_squared_error_is_the_elementwise_squared_difference()
    {
        // (1 − 1.5)² = 0.25, (2 − 2)² = 0, (3 − 1)² = 4
        using var loss = new MeanSquaredError().Compute(tensor(new[] { 1f, 2f, 3f }), tensor(new[] { 1.5f, 2f, 1f }));
        TensorAssert.Close([0.25, 0, 4], loss);
    }

    [Fact]
    public void Mean_absolute_error_is_the_elementwise_absolute_difference()
    {
        // |1 − 1.5| = 0.5, |2 − 2| = 0, |3 − 1| = 2
        using var loss = new MeanAbsoluteError().Compute(tensor(new[] { 1f, 2f, 3f }), tensor(new[] { 1.5f, 2f, 1f }));
        TensorAssert.Close([0.5, 0, 2], loss);
    }

    [Fact]
    public void A_single_output_column_pairs_with_flat_targets_either_way_round()
    {
        var column = tensor(new[] { 1f, 2f, 3f }).reshape(3, 1);
        var flat = tensor(new[] { 1.5f, 2f, 1f });
        using var a = new MeanSquaredError().Compute(column, flat);
        using var b = new MeanSquaredError().Compute(flat, flat.reshape(3, 1));
        Assert.Equal([3L], a.shape);
        Assert.Equal([3L, 1L], b.shape);
        TensorAssert.Close([0.25, 0, 4], a);
        TensorAssert.Close([0, 0, 0], b);
    }

    [Fact]
    public void Integer_targets_are_compared_as_numbers()
    {
        // (0.5 − 1)² = 0.25, (2 − 2)² = 0
        using var loss = new MeanSquaredError().Compute(tensor(new[] { 0.5f, 2f }), tensor(new[] { 1L, 2L }));
        TensorAssert.Close([0.25, 0], loss);
    }

    [Theory]
    [InlineData("mse")]
    [InlineData("mae")]
    [InlineData("huber")]
    public void Mismatched_shapes_name_the_loss_and_both_shapes(string name)
    {
        var loss = LossCatalog.Create(name);
        var error = Assert.Throws<ShapeMismatchException>(() => loss.Compute(zeros(3, 2), zeros(3)));
        Assert.Contains(loss.Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("[3, 2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[3]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huber_is_quadratic_inside_delta_and_linear_outside()
    {
        // δ = 1, errors 0.5, −2, 1:  ½·0.25 = 0.125;  1·(2 − ½) = 1.5;  ½·1 = 0.5 (the boundary is quadratic)
        using var loss = new Huber().Compute(tensor(new[] { 0.5f, -2f, 1f }), zeros(3));
        TensorAssert.Close([0.125, 1.5, 0.5], loss);
    }

    [Fact]
    public void Huber_uses_its_delta()
    {
        // δ = 2, errors −3 and −2:  2·(3 − 1) = 4;  ½·4 = 2
        using var loss = new Huber(2).Compute(tensor(new[] { -3f, -2f }), zeros(2));
        TensorAssert.Close([4, 2], loss);
    }

    [Fact]
    public void Huber_refuses_a_delta_that_is_not_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Huber(0));
}
