namespace Lepton.Zoo.Recommendation;

/// <summary>
/// The baseline every rating predictor must beat: global mean + user bias + item bias, the biases fitted by
/// regularized alternating least squares (Koren 2010, §2.1; Surprise's <c>BaselineOnly</c> with its defaults:
/// 10 passes, λ 15 for users and 10 for items). An unknown user or item has a bias of 0. Predictions are clipped to
/// the training ratings' range.
/// </summary>
public sealed class BiasBaseline
{
    private readonly double[] _userBias;
    private readonly double[] _itemBias;

    private BiasBaseline(double mean, double[] userBias, double[] itemBias, float lowest, float highest)
    {
        Mean = mean;
        _userBias = userBias;
        _itemBias = itemBias;
        Lowest = lowest;
        Highest = highest;
    }

    /// <summary>The training ratings' mean.</summary>
    public double Mean { get; }

    /// <summary>The lowest training rating; predictions are not lower.</summary>
    public float Lowest { get; }

    /// <summary>The highest training rating; predictions are not higher.</summary>
    public float Highest { get; }

    /// <summary>Each user's bias, by user index.</summary>
    public IReadOnlyList<double> UserBias => _userBias;

    /// <summary>Each item's bias, by item index.</summary>
    public IReadOnlyList<double> ItemBias => _itemBias;

    /// <summary>Fits the biases on <paramref name="train"/>.</summary>
    /// <param name="train">The training ratings.</param>
    /// <param name="userRegularization">λ of the users' biases: a user with few ratings stays near 0.</param>
    /// <param name="itemRegularization">λ of the items' biases.</param>
    /// <param name="passes">Alternating passes over users and items.</param>
    public static BiasBaseline Fit(Ratings train, double userRegularization = 15, double itemRegularization = 10, int passes = 10)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException("The baseline needs at least one training rating.", nameof(train));
        ArgumentOutOfRangeException.ThrowIfNegative(userRegularization);
        ArgumentOutOfRangeException.ThrowIfNegative(itemRegularization);
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        var mean = train.Mean;
        var userBias = new double[train.UserCount];
        var itemBias = new double[train.ItemCount];
        var sums = new double[Math.Max(train.UserCount, train.ItemCount)];
        var counts = new int[sums.Length];
        for (var pass = 0; pass < passes; pass++)
        {
            Solve(train, userBias, itemBias, train.Users, train.Items, userRegularization, mean, sums, counts);
            Solve(train, itemBias, userBias, train.Items, train.Users, itemRegularization, mean, sums, counts);
        }
        return new BiasBaseline(mean, userBias, itemBias, train.Values.Min(), train.Values.Max());
    }

    /// <summary>The predicted rating of <paramref name="item"/> by <paramref name="user"/> (dense indices).</summary>
    public float Predict(int user, int item)
    {
        var value = Mean + (user < _userBias.Length ? _userBias[user] : 0) + (item < _itemBias.Length ? _itemBias[item] : 0);
        return (float)Math.Clamp(value, Lowest, Highest);
    }

    /// <summary>The root mean squared error of the predictions on <paramref name="test"/>.</summary>
    public double Rmse(Ratings test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return RatingError.Rmse([.. Enumerable.Range(0, test.Count).Select(r => Predict(test.Users[r], test.Items[r]))], test.Values);
    }

    // One half of a pass: each bias = Σ(r − mean − other bias) / (λ + n), the ridge solution with the other side fixed.
    private static void Solve(Ratings train, double[] bias, double[] other, IReadOnlyList<int> own, IReadOnlyList<int> others, double lambda, double mean, double[] sums, int[] counts)
    {
        Array.Clear(sums);
        Array.Clear(counts);
        for (var r = 0; r < train.Count; r++)
        {
            sums[own[r]] += train.Values[r] - mean - other[others[r]];
            counts[own[r]]++;
        }
        for (var i = 0; i < bias.Length; i++) bias[i] = sums[i] / (lambda + counts[i]);
    }
}
