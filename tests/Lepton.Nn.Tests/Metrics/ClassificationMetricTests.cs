using Lepton.Nn.Metrics;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Metrics;

public sealed class ClassificationMetricTests
{
    // Ten examples, three classes. Rows = true class, columns = predicted class:
    //            pred 0  pred 1  pred 2   support
    //   true 0      3       1       0        4
    //   true 1      0       1       1        2
    //   true 2      0       2       2        4
    //   predicted   3       4       3       10
    // class 0: TP 3, FP 0, FN 1 → P 1,   R 3/4, F1 6/7
    // class 1: TP 1, FP 3, FN 1 → P 1/4, R 1/2, F1 2/6 = 1/3
    // class 2: TP 2, FP 1, FN 2 → P 2/3, R 1/2, F1 4/7
    private static readonly long[] Truth = [0, 0, 0, 0, 1, 1, 2, 2, 2, 2];
    private static readonly long[] Guess = [0, 0, 0, 1, 1, 2, 1, 1, 2, 2];

    private static Tensor Outputs(long[] predicted, int classes = 3) =>
        nn.functional.one_hot(tensor(predicted), classes).to_type(ScalarType.Float32) * 0.7f + 0.1f;

    private static double Run(Metric metric, Tensor outputs, Tensor targets)
    {
        metric.Reset();
        metric.Update(outputs, targets);
        return metric.Result();
    }

    [Theory]
    // macro: (6/7 + 1/3 + 4/7) / 3 = 37/63;  micro: (3 + 1 + 2) / 10;  weighted: (4·6/7 + 2·1/3 + 4·4/7) / 10 = 134/210
    [InlineData(Averaging.Macro, 37.0 / 63)]
    [InlineData(Averaging.Micro, 0.6)]
    [InlineData(Averaging.Weighted, 134.0 / 210)]
    public void F1_averages_a_small_multiclass_example_as_computed_by_hand(Averaging averaging, double expected) =>
        Assert.Equal(expected, Run(new F1Score(averaging), Outputs(Guess), tensor(Truth)), 12);

    [Theory]
    // macro: (1 + 1/4 + 2/3) / 3 = 23/36;  micro: 6/10;  weighted: (4·1 + 2·1/4 + 4·2/3) / 10 = 43/60
    [InlineData(Averaging.Macro, 23.0 / 36)]
    [InlineData(Averaging.Micro, 0.6)]
    [InlineData(Averaging.Weighted, 43.0 / 60)]
    public void Precision_averages_a_small_multiclass_example_as_computed_by_hand(Averaging averaging, double expected) =>
        Assert.Equal(expected, Run(new Precision(averaging), Outputs(Guess), tensor(Truth)), 12);

    [Theory]
    // macro: (3/4 + 1/2 + 1/2) / 3 = 7/12;  micro and weighted: 6/10 (weighted recall is the accuracy)
    [InlineData(Averaging.Macro, 7.0 / 12)]
    [InlineData(Averaging.Micro, 0.6)]
    [InlineData(Averaging.Weighted, 0.6)]
    public void Recall_averages_a_small_multiclass_example_as_computed_by_hand(Averaging averaging, double expected) =>
        Assert.Equal(expected, Run(new Recall(averaging), Outputs(Guess), tensor(Truth)), 12);

    [Fact]
    public void Macro_averaging_leaves_out_a_class_never_seen_nor_predicted()
    {
        // The same ten examples scored over four classes: class 3 never occurs, so the macro F1 is still 37/63.
        Assert.Equal(37.0 / 63, Run(new F1Score(Averaging.Macro), Outputs(Guess, 4), tensor(Truth)), 12);
    }

    [Fact]
    public void Binary_scores_threshold_a_single_sigmoid_output()
    {
        // outputs ≥ 0.5 → predicted [1, 0, 1, 0, 1, 0], truth [1, 0, 0, 1, 1, 1]: TP 2, FP 1, FN 2
        // precision 2/3, recall 2/4, F1 = 2·2 / (2·2 + 1 + 2) = 4/7
        var outputs = tensor(new[] { 0.9f, 0.2f, 0.6f, 0.4f, 0.7f, 0.1f }).reshape(6, 1);
        var targets = tensor(new[] { 1f, 0f, 0f, 1f, 1f, 1f });
        Assert.Equal(2.0 / 3, Run(new Precision(), outputs, targets), 12);
        Assert.Equal(0.5, Run(new Recall(), outputs, targets), 12);
        Assert.Equal(4.0 / 7, Run(new F1Score(), outputs, targets), 12);
    }

    [Fact]
    public void Binary_scores_take_class_one_of_two_softmax_outputs()
    {
        // argmax → predicted [1, 0, 1, 0], truth [1, 0, 0, 1]: TP 1, FP 1, FN 1 → precision 1/2
        var outputs = tensor(new[] { 0.2f, 0.8f, 0.9f, 0.1f, 0.3f, 0.7f, 0.6f, 0.4f }).reshape(4, 2);
        Assert.Equal(0.5, Run(new Precision(), outputs, tensor(new[] { 1L, 0L, 0L, 1L })), 12);
    }

    [Fact]
    public void Binary_metrics_accept_integer_targets()
    {
        // predicted [1, 0, 1], truth [1, 1, 0]: 1 of 3 correct; TP 1, FP 1, FN 1
        var outputs = tensor(new[] { 0.8f, 0.3f, 0.6f }).reshape(3, 1);
        var targets = tensor(new[] { 1L, 1L, 0L });
        Assert.Equal(1.0 / 3, Run(new Accuracy(), outputs, targets), 12);
        Assert.Equal(0.5, Run(new F1Score(), outputs, targets), 12);
    }

    [Fact]
    public void Precision_is_zero_when_nothing_is_predicted_positive() =>
        Assert.Equal(0, Run(new Precision(), zeros(3, 1), tensor(new[] { 1f, 0f, 1f })));

    [Fact]
    public void Binary_averaging_of_many_classes_says_which_averaging_to_use()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new F1Score().Update(Outputs(Guess), tensor(Truth)));
        Assert.Contains("f1_macro", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_beyond_the_output_classes_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new F1Score(Averaging.Macro).Update(Outputs([0, 1]), tensor(new[] { 0L, 3L })));
        Assert.Contains("class 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_carry_the_averaging_unless_it_is_binary()
    {
        Assert.Equal("f1", new F1Score().Name);
        Assert.Equal("f1_macro", new F1Score(Averaging.Macro).Name);
        Assert.Equal("precision_micro", new Precision(Averaging.Micro).Name);
        Assert.Equal("recall_weighted", new Recall(Averaging.Weighted).Name);
    }

    [Fact]
    public void F1_over_two_batches_equals_f1_over_their_concatenation()
    {
        var generator = new Random(7);
        var truth = Enumerable.Range(0, 60).Select(_ => (long)generator.Next(4)).ToArray();
        var guess = truth.Select(t => generator.NextDouble() < 0.6 ? t : generator.Next(4)).ToArray();
        var outputs = Outputs(guess, 4);
        var targets = tensor(truth);
        foreach (var averaging in new[] { Averaging.Macro, Averaging.Micro, Averaging.Weighted })
        {
            var split = new F1Score(averaging);
            split.Update(outputs[..13], targets[..13]);
            split.Update(outputs[13..], targets[13..]);
            Assert.Equal(Run(new F1Score(averaging), outputs, targets), split.Result(), 12);
        }
    }

    [Fact]
    public void Confusion_matrix_counts_true_rows_against_predicted_columns()
    {
        var metric = new ConfusionMatrix();
        metric.Update(Outputs(Guess)[..4], tensor(Truth)[..4]);
        metric.Update(Outputs(Guess)[4..], tensor(Truth)[4..]);
        Assert.Equal(3, metric.Classes);
        Assert.Equal(new long[,] { { 3, 1, 0 }, { 0, 1, 1 }, { 0, 2, 2 } }, metric.Matrix);
        Assert.Equal(0.6, metric.Result(), 12); // (3 + 1 + 2) / 10
        metric.Matrix[0, 0] = 99;
        Assert.Equal(3, metric.Matrix[0, 0]);
        metric.Reset();
        Assert.Equal(0, metric.Classes);
    }

    [Fact]
    public void Confusion_matrix_renders_an_aligned_table()
    {
        var metric = new ConfusionMatrix();
        metric.Update(Outputs(Guess), tensor(Truth));
        var expected = string.Join(Environment.NewLine,
            "true \\ predicted  cat  dog  bird",
            "cat                 3    1     0",
            "dog                 0    1     1",
            "bird                0    2     2");
        Assert.Equal(expected, metric.ToText(["cat", "dog", "bird"]));
        Assert.StartsWith("true \\ predicted  0  1  2", metric.ToText(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => metric.ToText(["cat", "dog"]));
    }

    [Fact]
    public void Confusion_matrix_of_a_sigmoid_output_has_two_classes()
    {
        // predicted [1, 0, 1], truth [1, 1, 0]
        var metric = new ConfusionMatrix();
        metric.Update(tensor(new[] { 0.8f, 0.3f, 0.6f }).reshape(3, 1), tensor(new[] { 1f, 1f, 0f }));
        Assert.Equal(new long[,] { { 0, 1 }, { 1, 1 } }, metric.Matrix);
    }

    [Fact]
    public void Top_k_accuracy_counts_the_true_class_within_the_k_best_scores()
    {
        // row 0: true 2 scores 0.3, one class above → in the top 2, not the top 1
        // row 1: true 3 scores 0.1, three classes above → out
        // row 2: true 0 scores 0.2, only 0.4 above (ties do not push it out) → in the top 2
        var outputs = tensor(new[] { 0.1f, 0.5f, 0.3f, 0.1f, 0.4f, 0.3f, 0.2f, 0.1f, 0.2f, 0.2f, 0.2f, 0.4f }).reshape(3, 4);
        var indices = tensor(new[] { 2L, 3L, 0L });
        var oneHot = nn.functional.one_hot(indices, 4).to_type(ScalarType.Float32);
        Assert.Equal(2.0 / 3, Run(new TopKAccuracy(2), outputs, indices), 12);
        Assert.Equal(2.0 / 3, Run(new TopKAccuracy(2), outputs, oneHot), 12);
        Assert.Equal(0, Run(new TopKAccuracy(1), outputs, indices));
        Assert.Equal(1, Run(new TopKAccuracy(4), outputs, indices));
        Assert.Equal("top_2_accuracy", new TopKAccuracy(2).Name);
    }

    [Fact]
    public void Top_k_accuracy_with_mismatched_shapes_names_both_shapes()
    {
        var error = Assert.Throws<Lepton.Nn.ShapeMismatchException>(() => new TopKAccuracy().Update(zeros(4, 3), zeros(5)));
        Assert.Contains("[4, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[5]", error.Message, StringComparison.Ordinal);
    }
}
