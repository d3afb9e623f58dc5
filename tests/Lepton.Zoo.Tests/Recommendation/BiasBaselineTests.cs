using Lepton.Zoo.Recommendation;

namespace Lepton.Zoo.Tests.Recommendation;

public sealed class BiasBaselineTests
{
    [Fact]
    public void Without_regularization_one_pass_gives_the_textbook_biases()
    {
        using var folder = new TempFolder();
        var ratings = Ratings.ReadCsv(folder.Write("r.csv", "userId,movieId,rating\n1,a,5\n1,b,3\n2,a,3\n"));
        var baseline = BiasBaseline.Fit(ratings, userRegularization: 0, itemRegularization: 0, passes: 1);

        Assert.Equal(11 / 3.0, baseline.Mean, 6);
        // Users first: user 1 averages 4 (+1/3), user 2 has 3 (−2/3); then items given those.
        Assert.Equal(1 / 3.0, baseline.UserBias[0], 6);
        Assert.Equal(-2 / 3.0, baseline.UserBias[1], 6);
        Assert.Equal(((5 - 11 / 3.0 - 1 / 3.0) + (3 - 11 / 3.0 + 2 / 3.0)) / 2, baseline.ItemBias[0], 6);
        Assert.Equal(3 - 11 / 3.0 - 1 / 3.0, baseline.ItemBias[1], 6);
        Assert.Equal(3f, baseline.Predict(0, 1), 4);
    }

    [Fact]
    public void On_generated_ratings_the_baseline_beats_the_global_mean_and_regularization_shrinks_rare_items()
    {
        var (train, test) = SyntheticRatings.Generate(seed: 2).SplitRandom(0.2, seed: 1);
        var baseline = BiasBaseline.Fit(train);
        var meanRmse = Math.Sqrt(test.Values.Average(v => Math.Pow(v - train.Mean, 2)));
        var rmse = baseline.Rmse(test);

        Assert.InRange(rmse, 0.3, meanRmse * 0.85);
        var loose = BiasBaseline.Fit(train, 0, 0);
        Assert.True(baseline.ItemBias.Sum(Math.Abs) < loose.ItemBias.Sum(Math.Abs));
        Assert.All(Enumerable.Range(0, test.Count), r => Assert.InRange(baseline.Predict(test.Users[r], test.Items[r]), baseline.Lowest, baseline.Highest));
    }
}
