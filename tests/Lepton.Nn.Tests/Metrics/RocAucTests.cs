using Lepton.Nn.Metrics;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Metrics;

public sealed class RocAucTests
{
    private static double Run(Tensor outputs, Tensor targets)
    {
        var metric = new RocAuc();
        metric.Update(outputs, targets);
        return metric.Result();
    }

    [Fact]
    public void Area_with_ties_matches_the_hand_count_of_ranked_pairs()
    {
        // positives 0.35, 0.8, 0.4; negatives 0.1, 0.4.
        // pairs: (0.35,0.1) 1, (0.35,0.4) 0, (0.8,0.1) 1, (0.8,0.4) 1, (0.4,0.1) 1, (0.4,0.4) ½ → 4.5 / 6 = 0.75
        // midranks: 0.1→1, 0.35→2, 0.4,0.4→3.5, 0.8→5; positives 2 + 3.5 + 5 = 10.5; (10.5 − 3·4/2) / 6 = 0.75
        var scores = tensor(new[] { 0.1f, 0.4f, 0.35f, 0.8f, 0.4f });
        var labels = tensor(new[] { 0f, 0f, 1f, 1f, 1f });
        Assert.Equal(0.75, Run(scores.reshape(5, 1), labels), 12);
        Assert.Equal(0.75, Run(scores, labels), 12);
        Assert.Equal(0.75, Run(scores, labels.to_type(ScalarType.Int64)), 12);
    }

    [Fact]
    public void Two_softmax_columns_use_the_score_of_class_one()
    {
        var p = tensor(new[] { 0.1f, 0.4f, 0.35f, 0.8f, 0.4f });
        var outputs = stack([1 - p, p], 1);
        Assert.Equal(0.75, Run(outputs, tensor(new[] { 0L, 0L, 1L, 1L, 1L })), 6);
    }

    [Fact]
    public void Area_equals_the_brute_force_pair_count_on_random_scores()
    {
        var generator = new Random(11);
        // One decimal place: many ties.
        var scores = Enumerable.Range(0, 200).Select(_ => MathF.Round((float)generator.NextDouble(), 1)).ToArray();
        var labels = scores.Select(s => generator.NextDouble() < 0.3 + 0.4 * s ? 1f : 0f).ToArray();

        double correct = 0;
        long pairs = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (labels[i] != 1) continue;
            for (var j = 0; j < scores.Length; j++)
            {
                if (labels[j] != 0) continue;
                pairs++;
                if (scores[i] > scores[j]) correct += 1;
                else if (scores[i] == scores[j]) correct += 0.5;
            }
        }
        Assert.Equal(correct / pairs, Run(tensor(scores).reshape(200, 1), tensor(labels)), 12);
    }

    [Fact]
    public void Area_over_two_batches_equals_the_area_over_their_concatenation()
    {
        var generator = new Random(3);
        var scores = tensor(Enumerable.Range(0, 200).Select(_ => (float)generator.NextDouble()).ToArray()).reshape(200, 1);
        var labels = tensor(Enumerable.Range(0, 200).Select(_ => (float)generator.Next(2)).ToArray());
        var metric = new RocAuc();
        metric.Update(scores[..70], labels[..70]);
        metric.Update(scores[70..], labels[70..]);
        Assert.Equal(Run(scores, labels), metric.Result(), 12);
    }

    [Fact]
    public void Many_classes_average_the_one_vs_rest_areas_and_skip_a_class_without_positives()
    {
        // class 0: positive 0.6 above negatives 0.2, 0.3, 0.5 → 1
        // class 1: positives 0.5, 0.2 against negatives 0.3, 0.3 → (1 + 1 + 0 + 0) / 4 = 0.5
        // class 2: positive 0.4 above negatives 0.1, 0.3, 0.3 → 1
        // class 3: never the target → skipped.  macro = (1 + 0.5 + 1) / 3 = 5/6
        var outputs = tensor(new[]
        {
            0.6f, 0.3f, 0.1f, 0.05f,
            0.2f, 0.5f, 0.3f, 0.05f,
            0.3f, 0.3f, 0.4f, 0.05f,
            0.5f, 0.2f, 0.3f, 0.05f,
        }).reshape(4, 4);
        var indices = tensor(new[] { 0L, 1L, 2L, 1L });
        Assert.Equal(5.0 / 6, Run(outputs, indices), 6);
        Assert.Equal(5.0 / 6, Run(outputs, nn.functional.one_hot(indices, 4).to_type(ScalarType.Float32)), 6);
    }

    [Fact]
    public void Area_is_nan_without_both_positives_and_negatives()
    {
        Assert.True(double.IsNaN(Run(tensor(new[] { 0.2f, 0.9f }), tensor(new[] { 1f, 1f }))));
        Assert.True(double.IsNaN(new RocAuc().Result()));
    }

    [Fact]
    public void Mismatched_shapes_name_both_shapes()
    {
        var error = Assert.Throws<Lepton.Nn.ShapeMismatchException>(() => new RocAuc().Update(zeros(4, 3), zeros(4, 2)));
        Assert.Contains("[4, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[4, 2]", error.Message, StringComparison.Ordinal);
    }
}
