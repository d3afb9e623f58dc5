using Lepton.Nn.Losses;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Losses;

public sealed class CrossentropyLossTests
{
    [Fact]
    public void Binary_crossentropy_of_probabilities_matches_the_formula()
    {
        // t = 1, p = 0.8: −ln 0.8 = 0.2231436;  t = 0, p = 0.3: −ln 0.7 = 0.3566749;
        // soft t = 0.25, p = 0.5: −(0.25 ln ½ + 0.75 ln ½) = ln 2 = 0.6931472
        using var loss = new BinaryCrossentropy().Compute(tensor(new[] { 0.8f, 0.3f, 0.5f }).reshape(3, 1), tensor(new[] { 1f, 0f, 0.25f }));
        Assert.Equal([3L], loss.shape);
        TensorAssert.Close([0.2231436, 0.3566749, 0.6931472], loss);
    }

    [Fact]
    public void Binary_crossentropy_gives_the_same_loss_from_logits_and_from_probabilities()
    {
        // logit(0.8) = ln 4, logit(0.3) = ln(3/7), logit(0.5) = 0
        var logits = tensor(new[] { MathF.Log(4), MathF.Log(3f / 7), 0f });
        var targets = tensor(new[] { 1f, 0f, 0.25f });
        using var fromLogits = new BinaryCrossentropy(fromLogits: true).Compute(logits, targets);
        using var fromProbabilities = new BinaryCrossentropy().Compute(logits.sigmoid(), targets);
        TensorAssert.Close([0.2231436, 0.3566749, 0.6931472], fromLogits);
        TensorAssert.Close([0.2231436, 0.3566749, 0.6931472], fromProbabilities);
    }

    [Fact]
    public void Binary_crossentropy_from_logits_stays_finite_for_extreme_logits()
    {
        // x = 100, t = 0 → 100;  x = −100, t = 1 → 100;  x = 100, t = 1 → log(1 + e^−100) ≈ 0
        using var loss = new BinaryCrossentropy(fromLogits: true).Compute(tensor(new[] { 100f, -100f, 100f }), tensor(new[] { 0f, 1f, 1f }));
        TensorAssert.Close([100, 100, 0], loss, 1e-4);
    }

    [Fact]
    public void Binary_crossentropy_clamps_probabilities_of_zero_and_one()
    {
        // p = 0, t = 1 → −ln(1e−7) = 16.118;  p = 1, t = 1 → 0
        using var loss = new BinaryCrossentropy().Compute(tensor(new[] { 0f, 1f }), tensor(new[] { 1f, 1f }));
        TensorAssert.Close([16.118, 0], loss, 2e-3);
    }

    [Fact]
    public void Binary_crossentropy_converts_logits_with_a_sigmoid()
    {
        using var probabilities = new BinaryCrossentropy(fromLogits: true).ToProbabilities(tensor(new[] { 0f }));
        TensorAssert.Close([0.5], probabilities);
    }

    [Fact]
    public void Binary_class_weights_follow_each_element_of_a_sequence_target()
    {
        // targets (N = 2, T = 3); weights [0.5, 2]: class 0 → 0.5, class 1 → 2; soft 0.8 rounds to class 1
        var targets = tensor(new[] { 0f, 1f, 0.8f, 1f, 0f, 0f }).reshape(2, 3);
        var loss = new BinaryCrossentropy();
        using var perElement = loss.Compute(full(2, 3, 0.5f), targets);
        using var weights = loss.ClassWeightsFor(targets, tensor(new[] { 0.5f, 2f }));
        Assert.Equal(perElement.shape, weights.shape);
        TensorAssert.Close([0.5, 2, 2, 2, 0.5, 0.5], weights);
    }

    [Fact]
    public void Binary_class_weights_accept_integer_targets()
    {
        using var weights = new BinaryCrossentropy().ClassWeightsFor(tensor(new[] { 1L, 0L }), tensor(new[] { 0.5f, 2f }));
        TensorAssert.Close([2, 0.5], weights);
    }

    [Fact]
    public void Categorical_crossentropy_of_probabilities_matches_the_formula()
    {
        // row 0: −ln 0.7 = 0.3566749;  row 1: −ln 0.6 = 0.5108256
        var probabilities = tensor(new[] { 0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f }).reshape(2, 3);
        var oneHot = tensor(new[] { 1f, 0f, 0f, 0f, 0f, 1f }).reshape(2, 3);
        using var loss = new CategoricalCrossentropy().Compute(probabilities, oneHot);
        Assert.Equal([2L], loss.shape);
        TensorAssert.Close([0.3566749, 0.5108256], loss);
    }

    [Fact]
    public void Categorical_crossentropy_gives_the_same_loss_from_logits_and_from_probabilities_and_as_the_sparse_form()
    {
        var probabilities = tensor(new[] { 0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f }).reshape(2, 3);
        var logits = probabilities.log() + 3; // softmax ignores a shift
        var oneHot = tensor(new[] { 1f, 0f, 0f, 0f, 0f, 1f }).reshape(2, 3);
        using var fromLogits = new CategoricalCrossentropy(fromLogits: true).Compute(logits, oneHot);
        using var sparse = new SparseCategoricalCrossentropy().Compute(probabilities, tensor(new[] { 0L, 2L }));
        TensorAssert.Close([0.3566749, 0.5108256], fromLogits);
        TensorAssert.Close([0.3566749, 0.5108256], sparse);
    }

    [Fact]
    public void Label_smoothing_spreads_part_of_the_target_over_all_classes()
    {
        // s = 0.3, C = 3: [1, 0, 0] → [0.8, 0.1, 0.1]
        // −(0.8 ln 0.7 + 0.1 ln 0.2 + 0.1 ln 0.1) = 0.2853400 + 0.1609438 + 0.2302585 = 0.6765423
        var probabilities = tensor(new[] { 0.7f, 0.2f, 0.1f }).reshape(1, 3);
        var oneHot = tensor(new[] { 1f, 0f, 0f }).reshape(1, 3);
        using var loss = new CategoricalCrossentropy(labelSmoothing: 0.3).Compute(probabilities, oneHot);
        using var fromLogits = new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.3).Compute(probabilities.log(), oneHot);
        TensorAssert.Close([0.6765423], loss);
        TensorAssert.Close([0.6765423], fromLogits);
    }

    [Fact]
    public void Categorical_class_weights_are_the_target_weighted_sum_for_sequence_targets()
    {
        // targets (N = 2, T = 2, C = 3), weights [1, 2, 3]:
        // one-hot classes 2, 0 | 1 → 3, 1 | 2;  soft [0.5, 0.5, 0] → 0.5·1 + 0.5·2 = 1.5
        var targets = tensor(new[]
        {
            0f, 0f, 1f, 1f, 0f, 0f,
            0f, 1f, 0f, 0.5f, 0.5f, 0f,
        }).reshape(2, 2, 3);
        var loss = new CategoricalCrossentropy();
        using var perElement = loss.Compute(full(2, 2, 3, 1f / 3), targets);
        using var weights = loss.ClassWeightsFor(targets, tensor(new[] { 1f, 2f, 3f }));
        Assert.Equal([2L, 2L], weights.shape);
        Assert.Equal(perElement.shape, weights.shape);
        TensorAssert.Close([3, 1, 2, 1.5], weights);
    }

    [Fact]
    public void Categorical_class_weights_default_to_one_for_classes_not_named()
    {
        // weights [4] cover class 0 only: class 2 → 1, class 0 → 4
        var targets = tensor(new[] { 0f, 0f, 1f, 1f, 0f, 0f }).reshape(2, 3);
        using var weights = new CategoricalCrossentropy().ClassWeightsFor(targets, tensor(new[] { 4f }));
        TensorAssert.Close([1, 4], weights);
        Assert.Throws<ArgumentException>(() => new CategoricalCrossentropy().ClassWeightsFor(targets, ones(4)));
    }

    [Fact]
    public void Categorical_crossentropy_with_index_targets_names_both_shapes_and_suggests_the_sparse_loss()
    {
        var error = Assert.Throws<ShapeMismatchException>(() => new CategoricalCrossentropy().Compute(zeros(4, 3), zeros(4)));
        Assert.Contains("categorical_crossentropy", error.Message, StringComparison.Ordinal);
        Assert.Contains("[4, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[4]", error.Message, StringComparison.Ordinal);
        Assert.Contains("sparse_categorical_crossentropy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_crossentropy_with_mismatched_shapes_names_both_shapes()
    {
        var error = Assert.Throws<ShapeMismatchException>(() => new BinaryCrossentropy().Compute(zeros(4, 2), zeros(4)));
        Assert.Contains("binary_crossentropy", error.Message, StringComparison.Ordinal);
        Assert.Contains("[4, 2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[4]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kl_divergence_matches_the_keras_formula()
    {
        // t = [0.5, 0.5], p = [0.25, 0.75]: 0.5 ln 2 + 0.5 ln(2/3) = 0.3465736 − 0.2027326 = 0.1438410
        // t = [1, 0], p = [0.5, 0.5]: ln 2 + 1e−7·ln(1e−7 / 0.5) = 0.6931472 − 0.0000015 = 0.6931457
        var predictions = tensor(new[] { 0.25f, 0.75f, 0.5f, 0.5f }).reshape(2, 2);
        var targets = tensor(new[] { 0.5f, 0.5f, 1f, 0f }).reshape(2, 2);
        using var loss = new KLDivergence().Compute(predictions, targets);
        TensorAssert.Close([0.1438410, 0.6931457], loss);
    }

    [Fact]
    public void Kl_divergence_with_mismatched_shapes_names_both_shapes()
    {
        var error = Assert.Throws<ShapeMismatchException>(() => new KLDivergence().Compute(zeros(2, 3), zeros(2, 2)));
        Assert.Contains("kl_divergence", error.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 2]", error.Message, StringComparison.Ordinal);
    }
}
