using Lepton.Training.Automatic;
using Lepton.Training.Features;

namespace Lepton.Training.Tests.Automatic;

public sealed class SettingChoiceTests
{
    private static readonly double[] Zeros = new double[10];

    [Fact]
    public void The_default_setting_stands_when_another_is_better_on_average_by_less_than_the_noise()
    {
        // The other's log loss is lower on average (0.30 against 0.36) but it wins on half the rows and loses on the rest.
        var steady = Probabilities(_ => 0.7);
        var erratic = Probabilities(r => r % 2 == 0 ? 0.99 : 0.55);

        Assert.True(SettingChoice.MeanLoss(erratic, Zeros, TrainingTask.Classification) < SettingChoice.MeanLoss(steady, Zeros, TrainingTask.Classification));
        Assert.Equal(0, SettingChoice.Choose([steady, erratic], Zeros, TrainingTask.Classification));
    }

    [Fact]
    public void Another_setting_is_chosen_when_it_is_better_on_every_row()
    {
        var worse = Probabilities(_ => 0.7);
        var better = Probabilities(r => 0.8 + r * 0.001);
        var best = Probabilities(r => 0.9 + r * 0.001);

        Assert.Equal(2, SettingChoice.Choose([worse, better, best], Zeros, TrainingTask.Classification));
    }

    [Fact]
    public void Regression_settings_are_chosen_by_squared_error()
    {
        var labels = Enumerable.Range(0, 10).Select(r => (double)r).ToArray();
        var off = Values(r => r + 2.0);
        var close = Values(r => r + 0.5);

        Assert.Equal(1, SettingChoice.Choose([off, close], labels, TrainingTask.Regression));
        Assert.Equal(0, SettingChoice.Choose([close, off], labels, TrainingTask.Regression));
    }

    /// <summary>Two-class probabilities for 10 rows of class 0, the first column being <paramref name="truth"/>(row).</summary>
    private static float[,] Probabilities(Func<int, double> truth)
    {
        var p = new float[10, 2];
        for (var r = 0; r < 10; r++) (p[r, 0], p[r, 1]) = ((float)truth(r), (float)(1 - truth(r)));
        return p;
    }

    private static float[,] Values(Func<int, double> value)
    {
        var v = new float[10, 1];
        for (var r = 0; r < 10; r++) v[r, 0] = (float)value(r);
        return v;
    }
}
