using Lepton.Training.Evaluation;

namespace Lepton.Training.Tests.Evaluation;

public sealed class ClassificationEvaluationTests
{
    // Three classes, eight rows. Predicted classes (argmax): 0 1 2 1 1 0 0 2.
    private static readonly float[,] Multiclass =
    {
        { .7f, .2f, .1f }, { .2f, .5f, .3f }, { .1f, .3f, .6f }, { .3f, .4f, .3f },
        { .1f, .8f, .1f }, { .5f, .1f, .4f }, { .4f, .35f, .25f }, { .2f, .2f, .6f },
    };
    private static readonly int[] MulticlassLabels = [0, 1, 2, 2, 1, 0, 1, 2];

    private static readonly float[,] Binary = Column([.1f, .4f, .35f, .8f, .2f, .9f, .65f, .55f, .3f, .05f]);
    private static readonly int[] BinaryLabels = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0];

    [Fact]
    public void Multiclass_figures_match_scikit_learn()
    {
        // Expected values from scikit-learn 1.2 (Debian's python3-sklearn), computed once with:
        // /usr/bin/python3 -c "from sklearn import metrics as m; ...; m.accuracy_score(y, P.argmax(1)), m.f1_score(y, P.argmax(1), average='macro'|'weighted'),
        //   m.roc_auc_score(y, P, multi_class='ovr'), m.log_loss(y, P), m.precision_recall_fscore_support(y, P.argmax(1)), m.confusion_matrix(y, P.argmax(1))"
        var evaluation = ClassificationEvaluation.Compute(Multiclass, MulticlassLabels, ["a", "b", "c"]);

        Assert.Equal(0.75, evaluation.Accuracy, 1e-9);
        Assert.Equal(0.7555555555555555, evaluation.MacroF1, 1e-6);
        Assert.Equal(0.75, evaluation.WeightedF1, 1e-6);
        Assert.Equal(0.9444444444444443, evaluation.RocAuc, 1e-6);
        Assert.Equal(0.6551948790911785, evaluation.LogLoss, 1e-6);
        Assert.Equal(new long[,] { { 2, 0, 0 }, { 1, 2, 0 }, { 0, 1, 2 } }, evaluation.ConfusionMatrix);
        Assert.Equal([2.0 / 3, 2.0 / 3, 1.0], evaluation.Classes.Select(c => c.Precision).ToArray(), new RoundedComparer());
        Assert.Equal([1.0, 2.0 / 3, 2.0 / 3], evaluation.Classes.Select(c => c.Recall).ToArray(), new RoundedComparer());
        Assert.Equal([0.8, 2.0 / 3, 0.8], evaluation.Classes.Select(c => c.F1).ToArray(), new RoundedComparer());
        Assert.Equal([2L, 3L, 3L], evaluation.Classes.Select(c => c.Support).ToArray());
        Assert.Equal(["a", "b", "c"], evaluation.RocCurves.Select(c => c.Label).ToArray());
    }

    [Fact]
    public void Binary_figures_and_curves_match_scikit_learn()
    {
        // scikit-learn 1.2: roc_auc_score 0.84, log_loss 0.47022125932324527, f1_score(y, p >= .5) 2/3, accuracy 0.7,
        // average_precision_score 0.8761904761904762, roc_curve(drop_intermediate=False), precision_recall_curve.
        var evaluation = ClassificationEvaluation.Compute(Binary, BinaryLabels, ["no", "yes"]);

        Assert.Equal(0.7, evaluation.Accuracy, 1e-9);
        Assert.Equal(0.84, evaluation.RocAuc, 1e-9);
        Assert.Equal(0.47022125932324527, evaluation.LogLoss, 1e-6);
        Assert.Equal(2.0 / 3, evaluation.Classes[1].F1, 1e-9);
        var roc = Assert.Single(evaluation.RocCurves);
        Assert.Equal("yes", roc.Label);
        Assert.Equal(0.84, roc.Area, 1e-9);
        Assert.Equal([0, 0, 0, 0, .2, .4, .4, .4, .6, .8, 1], roc.X.ToArray(), new RoundedComparer());
        Assert.Equal([0, .2, .4, .6, .6, .6, .8, 1, 1, 1, 1], roc.Y.ToArray(), new RoundedComparer());
        var pr = Assert.Single(evaluation.PrecisionRecallCurves);
        Assert.Equal(0.8761904761904762, pr.Area, 1e-9);
        // scikit-learn lists these from the lowest threshold up and adds (recall 0, precision 1) last: ours go the other way.
        Assert.Equal([1, 1, 1, 1, .75, .6, 2.0 / 3, 5.0 / 7, .625, 5.0 / 9, .5], pr.Y.ToArray(), new RoundedComparer());
        Assert.Equal([0, .2, .4, .6, .6, .6, .8, 1, 1, 1, 1], pr.X.ToArray(), new RoundedComparer());
    }

    [Fact]
    public void A_single_sigmoid_column_is_read_as_the_probability_of_class_one()
    {
        var twoColumns = new float[10, 2];
        for (var i = 0; i < 10; i++) (twoColumns[i, 0], twoColumns[i, 1]) = (1 - Binary[i, 0], Binary[i, 0]);

        var one = ClassificationEvaluation.Compute(Binary, BinaryLabels);
        var two = ClassificationEvaluation.Compute(twoColumns, BinaryLabels);

        Assert.Equal(two.Metrics, one.Metrics);
        Assert.Equal(["0", "1"], one.ClassNames);
    }

    [Fact]
    public void Calibration_bins_match_scikit_learns_calibration_curve()
    {
        // scikit-learn 1.2: calibration_curve(y, p.astype(np.float32), n_bins=10) — float32, as a model gives them, so
        // .4f and .8f lie just above their edges — gives prob_true [0, 0, 0, 1, 0, 0, 1, 1] and
        // prob_pred [.05, .1, .2, .325, .4, .55, .65, .85].
        var evaluation = ClassificationEvaluation.Compute(Binary, BinaryLabels);

        Assert.Equal([0, 0, 0, 1, 0, 0, 1, 1], evaluation.Calibration.Select(b => b.ObservedFrequency).ToArray(), new RoundedComparer());
        Assert.Equal([.05, .1, .2, .325, .4, .55, .65, .85], evaluation.Calibration.Select(b => b.MeanPredicted).ToArray(), new RoundedComparer());
        Assert.Equal([1L, 1, 1, 2, 1, 1, 1, 2], evaluation.Calibration.Select(b => b.Count).ToArray());
    }

    [Fact]
    public void A_label_outside_the_classes_is_an_error_naming_its_row()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationEvaluation.Compute(Multiclass, [0, 1, 2, 2, 1, 0, 3, 2]));

        Assert.Contains("Row 6", error.Message);
    }

    internal static float[,] Column(float[] values)
    {
        var column = new float[values.Length, 1];
        for (var i = 0; i < values.Length; i++) column[i, 0] = values[i];
        return column;
    }
}
