using System.Diagnostics;
using System.Globalization;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Training;

namespace Lepton.Zoo.Recommendation;

/// <summary>
/// The recommender recipe: biased matrix factorization on MovieLens (dslabs' movielens table, 100,004 ratings of 9,066
/// movies by 671 users), judged by RMSE on a seeded random 20% of the ratings against the global-mean + user/item-bias
/// baseline; and NeuMF (neural collaborative filtering) beside MF on the leave-one-out ranking protocol (HR@10 and
/// NDCG@10 against 99 sampled unrated items). The saved model is the MF scorer: a user id in, the predicted rating of
/// every movie out, by title.
/// </summary>
public sealed class RecommenderRecipe : ZooRecipe
{
    /// <inheritdoc />
    public override string Name => "recommender";

    /// <inheritdoc />
    public override string Description => "Biased matrix factorization and NeuMF on MovieLens ratings: RMSE against the bias baseline, HR@10/NDCG@10 on leave-one-out";

    /// <inheritdoc />
    public override string Metric => "rmse";

    /// <inheritdoc />
    public override MetricDirection Direction => MetricDirection.Minimize;

    /// <inheritdoc />
    public override string Goal => "≥ 5% below the bias baseline";

    /// <inheritdoc />
    public override RecipeResult Run(RecipeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Quick ? RecommenderSettings.Quick : RecommenderSettings.Full;
        var log = context.Log;
        var clock = Stopwatch.StartNew();
        var ratings = context.Quick && context.Data is null ? SyntheticRatings.Generate() : Ratings.ReadCsv(MovieLensFile.Resolve(context.Data, log));
        log.WriteLine($"{ratings.Count:N0} ratings of {ratings.ItemCount:N0} items by {ratings.UserCount:N0} users ({clock.Elapsed.TotalSeconds:0.0} s).");

        // Rating prediction on a seeded random 80/20 split, written out so a peer trains and scores on the same one.
        var (train, test) = ratings.SplitRandom(0.2, settings.SplitSeed);
        var splitFolder = Path.Combine(context.OutputFolder, "split");
        Directory.CreateDirectory(splitFolder);
        train.WriteCsv(Path.Combine(splitFolder, "train.csv"));
        test.WriteCsv(Path.Combine(splitFolder, "test.csv"));
        var baseline = BiasBaseline.Fit(train);
        var baselineRmse = baseline.Rmse(test);
        log.WriteLine($"Bias baseline: RMSE {baselineRmse:0.0000} on {test.Count:N0} held-out ratings.");

        var mf = new MatrixFactorization(train, settings.Factors, settings.Regularization, settings.LearningRate);
        var phase = Stopwatch.StartNew();
        using (var data = train.ToDataset())
        {
            mf.Fit(data, settings.Epochs, settings.BatchSize, callbacks: context.Callbacks, verbose: context.Verbosity, cancellationToken: context.CancellationToken);
        }
        var rmse = mf.Rmse(test);
        log.WriteLine($"Matrix factorization: RMSE {rmse:0.0000} ({(1 - rmse / baselineRmse) * 100:0.0}% below the baseline); trained in {phase.Elapsed.TotalSeconds:0.0} s.");

        // Ranking on leave-one-out: each user's latest rating held out, ranked among 99 sampled unrated items.
        var (rankTrain, rankTest) = ratings.SplitLeaveOneOut();
        var ncf = new NeuralCollaborativeFiltering(rankTrain, settings.NcfFactors, negatives: 4, learningRate: settings.NcfLearningRate, seed: settings.SplitSeed);
        phase.Restart();
        using (var data = rankTrain.ToDataset())
        {
            ncf.Fit(data, settings.NcfEpochs, settings.NcfBatchSize, verbose: context.Verbosity, cancellationToken: context.CancellationToken);
        }
        var ncfSeconds = phase.Elapsed.TotalSeconds;
        var ncfRanks = RankingMetrics.Ranks(ncf.Score, ratings, rankTest, 99, settings.SplitSeed);
        var rankMf = new MatrixFactorization(rankTrain, settings.Factors, settings.Regularization, settings.LearningRate);
        using (var data = rankTrain.ToDataset())
        {
            rankMf.Fit(data, settings.Epochs, settings.BatchSize, verbose: context.Verbosity, cancellationToken: context.CancellationToken);
        }
        var mfRanks = RankingMetrics.Ranks(rankMf.Score, ratings, rankTest, 99, settings.SplitSeed);
        var popularity = Popularity(rankTrain);
        var popularityRanks = RankingMetrics.Ranks((_, items) => [.. items.Select(i => popularity[i])], ratings, rankTest, 99, settings.SplitSeed);
        log.WriteLine($"Leave-one-out on {rankTest.Count:N0} users: NeuMF HR@10 {RankingMetrics.HitRate(ncfRanks):0.0000}, MF HR@10 {RankingMetrics.HitRate(mfRanks):0.0000}, popularity HR@10 {RankingMetrics.HitRate(popularityRanks):0.0000}; NeuMF trained in {ncfSeconds:0.0} s, {clock.Elapsed.TotalSeconds:0.0} s in all.");

        var model = mf.Scorer;
        UserIdInput.WriteTo(model, ratings, Path.Combine(context.OutputFolder, "split"));
        model.Metadata.Metrics["baseline_rmse"] = baselineRmse;
        var figures = new Dictionary<string, double>
        {
            ["baseline_rmse"] = baselineRmse,
            ["rmse_reduction"] = 1 - rmse / baselineRmse,
            ["ncf_hr_at_10"] = RankingMetrics.HitRate(ncfRanks),
            ["ncf_ndcg_at_10"] = RankingMetrics.Ndcg(ncfRanks),
            ["mf_hr_at_10"] = RankingMetrics.HitRate(mfRanks),
            ["mf_ndcg_at_10"] = RankingMetrics.Ndcg(mfRanks),
            ["popularity_hr_at_10"] = RankingMetrics.HitRate(popularityRanks),
            ["popularity_ndcg_at_10"] = RankingMetrics.Ndcg(popularityRanks),
        };
        return new RecipeResult
        {
            Value = rmse,
            Figures = figures,
            Model = model,
            Parameters = new Dictionary<string, object?>
            {
                ["ratings"] = ratings.Count,
                ["users"] = ratings.UserCount,
                ["items"] = ratings.ItemCount,
                ["factors"] = settings.Factors,
                ["regularization"] = settings.Regularization,
                ["learning_rate"] = settings.LearningRate,
                ["epochs"] = settings.Epochs,
                ["batch_size"] = settings.BatchSize,
                ["ncf_factors"] = settings.NcfFactors,
                ["ncf_epochs"] = settings.NcfEpochs,
                ["split_seed"] = settings.SplitSeed,
            },
            Files = [Path.Combine(splitFolder, "train.csv"), Path.Combine(splitFolder, "test.csv")],
        };
    }

    // How many training ratings each item has: the ranking every recommender should beat.
    private static float[] Popularity(Ratings train)
    {
        var counts = new float[train.ItemCount];
        foreach (var item in train.Items) counts[item]++;
        return counts;
    }
}
