using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Zoo.Recommendation;

/// <summary>
/// Biased matrix factorization (Koren, Bell and Volinsky 2009): rating = global mean + user bias + item bias + user
/// factors · item factors, trained on (user, item) → rating pairs by Adam on the squared error plus an L2 penalty on
/// the factors and biases each batch touches. It trains with <c>Fit</c> on <see cref="Ratings.ToDataset"/>;
/// <see cref="Scorer"/> is the same weights as a plain functional model from a user index to the predicted rating of
/// every item, which saves, loads and serves without registering anything.
/// </summary>
public sealed class MatrixFactorization : Model
{
    private readonly Embedding _users;
    private readonly Dense _items;
    private readonly Adam _optimizer;

    /// <summary>Creates a model for the users and items of <paramref name="train"/>, its biases starting at the mean rating.</summary>
    /// <param name="train">The training ratings: their user and item counts, mean, range and item titles.</param>
    /// <param name="factors">The length of each user's and item's factor vector.</param>
    /// <param name="regularization">λ of the L2 penalty on the factors and biases of each rating's user and item.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    public MatrixFactorization(Ratings train, int factors = 64, double regularization = 0.1, double learningRate = 0.005) : base("matrix_factorization")
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(factors, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(regularization);
        Factors = factors;
        Regularization = regularization;
        GlobalMean = train.Mean;
        Lowest = train.Count == 0 ? float.MinValue : train.Values.Min();
        Highest = train.Count == 0 ? float.MaxValue : train.Values.Max();
        // The user's vector ends with the user's bias and each item's weights with a fixed 1, so one Dense gives
        // factors · factors + user bias, and its bias holds the global mean + the item's bias.
        var input = new Input(new Shape(1), "user_index");
        _users = new Embedding(train.UserCount, factors + 1, "user_factors");
        _items = new Dense(train.ItemCount, name: "item_factors");
        var output = _items.Apply(new Flatten("user_vector").Apply(_users.Apply(input)));
        Scorer = new Model(input, output, "matrix_factorization");
        Scorer.Metadata.ClassNames = [.. Enumerable.Range(0, train.ItemCount).Select(train.ItemLabel)];
        Scorer.Metadata.Description = $"Biased matrix factorization ({factors} factors): input a user index, output the predicted rating of each of {train.ItemCount} items.";
        using (no_grad())
        {
            var userWeights = UserWeights;
            userWeights.normal_(0, 0.1);
            userWeights.select(1, factors).zero_();
            var itemWeights = Param(_items, "weight");
            itemWeights.normal_(0, 0.1);
            itemWeights.select(1, factors).fill_(1);
            Param(_items, "bias").fill_(GlobalMean);
        }
        register_module("scorer", Scorer);
        _optimizer = new Adam(learningRate);
    }

    /// <summary>The functional model the weights live in: a user index in, the predicted rating of every item out (item titles as class names).</summary>
    public Model Scorer { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Layer>? InferenceChain => [Scorer];

    /// <summary>The length of the factor vectors.</summary>
    public int Factors { get; }

    /// <summary>λ of the L2 penalty.</summary>
    public double Regularization { get; }

    /// <summary>The training ratings' mean, where the item biases start and toward which they are pulled.</summary>
    public double GlobalMean { get; }

    /// <summary>The lowest training rating: <see cref="PredictRatings"/> clips to it.</summary>
    public float Lowest { get; }

    /// <summary>The highest training rating: <see cref="PredictRatings"/> clips to it.</summary>
    public float Highest { get; }

    /// <summary>The raw scores (predicted ratings, unclipped) of the pairs (user index, item index).</summary>
    public float[] Score(IReadOnlyList<int> users, IReadOnlyList<int> items)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = UserWeights.device;
        var (predicted, _) = Pairs(tensor(users.ToArray(), ScalarType.Int64, device), tensor(items.ToArray(), ScalarType.Int64, device));
        return predicted.cpu().data<float>().ToArray();
    }

    /// <summary>The predicted ratings of <paramref name="data"/>'s pairs, clipped to the training range.</summary>
    public float[] PredictRatings(Ratings data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return [.. Score(data.Users, data.Items).Select(v => Math.Clamp(v, Lowest, Highest))];
    }

    /// <summary>The root mean squared error of the clipped predictions on <paramref name="test"/>.</summary>
    public double Rmse(Ratings test) => RatingError.Rmse(PredictRatings(test), test.Values);

    /// <inheritdoc />
    protected override Shape Build(Shape input) => Scorer.OutputShape;

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) => Scorer.Forward(input);

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch)
    {
        var (error, penalty) = Errors(batch);
        var loss = error + Regularization * penalty;
        _optimizer.Minimize(loss, Scorer);
        return new Dictionary<string, Tensor> { ["loss"] = loss, ["mse"] = error };
    }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> TestStep(Batch batch) =>
        new Dictionary<string, Tensor> { ["mse"] = Errors(batch).Error };

    private (Tensor Error, Tensor Penalty) Errors(Batch batch)
    {
        var target = batch.Target ?? throw new ArgumentException("Matrix factorization trains on ratings: give the dataset targets (Ratings.ToDataset does).", nameof(batch));
        var ids = batch.Inputs[0].to(ScalarType.Int64);
        var (predicted, penalty) = Pairs(ids.select(1, 0), ids.select(1, 1));
        return ((predicted - target.reshape(-1).to(predicted.dtype)).pow(2).mean(), penalty);
    }

    private (Tensor Predicted, Tensor Penalty) Pairs(Tensor users, Tensor items)
    {
        var user = UserWeights.index_select(0, users);
        var item = Param(_items, "weight").index_select(0, items).narrow(1, 0, Factors);
        var bias = Param(_items, "bias").index_select(0, items);
        var factors = user.narrow(1, 0, Factors);
        var userBias = user.select(1, Factors);
        var predicted = (factors * item).sum(1) + userBias + bias;
        var penalty = (factors.pow(2).sum(1) + item.pow(2).sum(1) + userBias.pow(2) + (bias - GlobalMean).pow(2)).mean();
        return (predicted, penalty);
    }

    private Tensor UserWeights => _users.parameters().Single();

    private static Tensor Param(Layer layer, string name) => layer.named_parameters().Single(p => p.name == name).parameter;
}
