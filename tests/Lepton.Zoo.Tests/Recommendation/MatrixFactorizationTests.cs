using Lepton.Nn.Models;
using Lepton.Nn.Training;
using Lepton.Zoo.Recommendation;
using static TorchSharp.torch;

namespace Lepton.Zoo.Tests.Recommendation;

public sealed class MatrixFactorizationTests
{
    [Fact]
    public void On_low_rank_ratings_matrix_factorization_beats_the_bias_baseline_by_more_than_5_percent()
    {
        LeptonRuntime.Seed(1);
        var (train, test) = SyntheticRatings.Generate(users: 300, items: 200, perUser: 40, rank: 4, noise: 0.3, seed: 5).SplitRandom(0.2, seed: 1);
        var baseline = BiasBaseline.Fit(train).Rmse(test);
        var mf = new MatrixFactorization(train, factors: 16, regularization: 0.05, learningRate: 0.01);
        using var data = train.ToDataset();
        var history = mf.Fit(data, epochs: 15, batchSize: 256, verbose: Verbosity.Silent);

        var rmse = mf.Rmse(test);
        Assert.True(history["mse"][^1] < history["mse"][0]);
        Assert.True(rmse < baseline * 0.95, $"MF RMSE {rmse:0.000} is not 5% below the baseline's {baseline:0.000}");
    }

    [Fact]
    public void The_scorer_gives_every_items_predicted_rating_and_saves_and_loads_predicting_the_same()
    {
        LeptonRuntime.Seed(2);
        using var folder = new TempFolder();
        var ratings = SyntheticRatings.Generate(users: 40, items: 30, perUser: 10, seed: 6);
        var mf = new MatrixFactorization(ratings, factors: 4);
        using (var data = ratings.ToDataset()) mf.Fit(data, epochs: 2, batchSize: 64, verbose: Verbosity.Silent);

        using var users = tensor(new float[] { 0, 7, 39 }).reshape(3, 1);
        using var scores = mf.Scorer.Predict(users);
        var last = ratings.ItemCount - 1;
        Assert.Equal([3L, ratings.ItemCount], scores.shape);
        var pairs = mf.Score([7, 7, 39], [0, last, 5]);
        Assert.Equal(pairs[0], scores[1, 0].item<float>(), 4);
        Assert.Equal(pairs[1], scores[1, last].item<float>(), 4);
        Assert.Equal(pairs[2], scores[2, 5].item<float>(), 4);

        var path = folder.PathOf("mf.lepton");
        mf.Scorer.Save(path);
        using var loaded = Model.Load(path);
        using var again = loaded.Predict(users);
        Assert.True(again.allclose(scores, rtol: 1e-5, atol: 1e-5));
        Assert.Equal(ratings.ItemLabel(last), loaded.Metadata.ClassNames[last]);
    }

    [Fact]
    public void NeuMF_learns_implicit_feedback_ranks_above_chance_and_saves_and_loads_predicting_the_same()
    {
        LeptonRuntime.Seed(3);
        using var folder = new TempFolder();
        var all = SyntheticRatings.Generate(users: 200, items: 150, perUser: 20, seed: 7);
        var (train, test) = all.SplitLeaveOneOut();
        var ncf = new NeuralCollaborativeFiltering(train, factors: 8, learningRate: 0.005, seed: 1);
        using (var data = train.ToDataset())
        {
            var history = ncf.Fit(data, epochs: 4, batchSize: 256, verbose: Verbosity.Silent);
            Assert.True(history["loss"][^1] < history["loss"][0]);
        }
        var hitRate = RankingMetrics.HitRate(RankingMetrics.Ranks(ncf.Score, all, test));
        Assert.True(hitRate > 0.3, $"NeuMF's HR@10 {hitRate:0.00} is hardly above chance (0.10)");

        var path = folder.PathOf("neumf.lepton");
        ncf.Scorer.Save(path);
        using var loaded = Model.Load(path);
        var (lastUser, lastItem) = (all.UserCount - 1, all.ItemCount - 1);
        using var users = tensor(new float[] { 0, 5, lastUser }).reshape(3, 1);
        using var items = tensor(new float[] { 3, 3, lastItem }).reshape(3, 1);
        using var logits = loaded.Predict(users, items);
        Assert.Equal(ncf.Score([0, 5, lastUser], [3, 3, lastItem]), logits.reshape(-1).data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-4);
        using var probabilities = loaded.PredictProbabilities(users, items);
        Assert.True(probabilities.ge(0).all().item<bool>() && probabilities.le(1).all().item<bool>());
    }
}
