using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

namespace Lepton.Zoo.Recommendation;

/// <summary>
/// Neural collaborative filtering's NeuMF (He et al. 2017): a generalized matrix factorization branch (the element-wise
/// product of user and item embeddings) beside an MLP over the concatenated user and item embeddings of its own,
/// joined by one output unit that scores how likely the user is to interact with the item. It learns from implicit
/// feedback: each rated (user, item) pair of <see cref="Ratings.ToDataset"/> is a positive, and every step draws
/// <see cref="Negatives"/> items the user has not rated as negatives, under a log loss. <see cref="Scorer"/> is the
/// same weights as a plain functional model from (user index, item index) to the logit, which saves and loads as is.
/// </summary>
public sealed class NeuralCollaborativeFiltering : Model
{
    private readonly IReadOnlyList<IReadOnlySet<int>> _rated;
    private readonly int _itemCount;
    private readonly Random _random;
    private readonly Adam _optimizer;
    private readonly BinaryCrossentropy _loss = new(fromLogits: true);

    /// <summary>Creates a NeuMF model for the users and items of <paramref name="train"/>.</summary>
    /// <param name="train">The training interactions; the items each user rated there are never drawn as their negatives.</param>
    /// <param name="factors">The GMF embedding length; the MLP's embeddings are twice as long.</param>
    /// <param name="hidden">The MLP's layer widths (the paper's tower: 64, 32, 16 for 8 predictive factors… here by default 4·f, 2·f, f).</param>
    /// <param name="negatives">Negative items drawn per positive each step (the paper's 4).</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="seed">Seeds the drawing of negatives.</param>
    public NeuralCollaborativeFiltering(Ratings train, int factors = 16, IReadOnlyList<int>? hidden = null, int negatives = 4, double learningRate = 0.001, int seed = 1)
        : base("neumf")
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(factors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(negatives, 0);
        Negatives = negatives;
        _rated = train.ItemsByUser();
        _itemCount = train.ItemCount;
        _random = new Random(seed);
        var user = new Input(new Shape(1), "user_index");
        var item = new Input(new Shape(1), "item_index");
        SymbolicTensor Embed(Input input, int count, int width, string name) => new Flatten(name + "_vector").Apply(new Embedding(count, width, name).Apply(input));
        var gmf = new Multiply("gmf").Apply(Embed(user, train.UserCount, factors, "gmf_user"), Embed(item, train.ItemCount, factors, "gmf_item"));
        var mlp = new Concatenate(name: "mlp_input").Apply(Embed(user, train.UserCount, 2 * factors, "mlp_user"), Embed(item, train.ItemCount, 2 * factors, "mlp_item"));
        var widths = hidden ?? [4 * factors, 2 * factors, factors];
        for (var i = 0; i < widths.Count; i++) mlp = new Dense(widths[i], "relu", name: $"mlp_{i + 1}").Apply(mlp);
        var output = new Dense(1, name: "prediction").Apply(new Concatenate(name: "neumf").Apply(gmf, mlp));
        Scorer = new Model([user, item], output, "neumf");
        Scorer.Metadata.OutputLoss = _loss;
        Scorer.Metadata.Description = $"NeuMF ({factors} GMF factors, MLP {string.Join("-", widths)}): inputs a user index and an item index, output the logit of an interaction.";
        register_module("scorer", Scorer);
        _optimizer = new Adam(learningRate);
    }

    /// <summary>The functional model the weights live in: (user index, item index) in, the logit of an interaction out.</summary>
    public Model Scorer { get; }

    /// <summary>Negative items drawn per positive each step.</summary>
    public int Negatives { get; }

    /// <summary>The scores (logits) of the pairs (user index, item index): higher means likelier.</summary>
    public float[] Score(IReadOnlyList<int> users, IReadOnlyList<int> items)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var wasTraining = training;
        eval();
        try
        {
            var device = ScorerDevice;
            return Scorer.Forward(Column(users, device), Column(items, device)).reshape(-1).cpu().data<float>().ToArray();
        }
        finally
        {
            train(wasTraining);
        }
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input) => Scorer.OutputShape;

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) => Scorer.Forward(input.narrow(1, 0, 1), input.narrow(1, 1, 1));

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch)
    {
        var pairs = batch.Inputs[0].to(ScalarType.Int64).cpu().data<long>().ToArray();
        var count = pairs.Length / 2;
        var users = new int[count * (1 + Negatives)];
        var items = new int[users.Length];
        var labels = new float[users.Length];
        var n = 0;
        for (var row = 0; row < count; row++)
        {
            var (u, i) = ((int)pairs[2 * row], (int)pairs[2 * row + 1]);
            (users[n], items[n], labels[n]) = (u, i, 1);
            n++;
            for (var k = 0; k < Negatives; k++)
            {
                (users[n], items[n], labels[n]) = (u, DrawNegative(u), 0);
                n++;
            }
        }
        var device = ScorerDevice;
        var logits = Scorer.Forward(Column(users, device), Column(items, device));
        var loss = _loss.Compute(logits, tensor(labels, device: device).reshape(-1, 1)).mean();
        _optimizer.Minimize(loss, Scorer);
        return new Dictionary<string, Tensor> { ["loss"] = loss };
    }

    private int DrawNegative(int user)
    {
        var rated = _rated[user];
        if (rated.Count >= _itemCount) return _random.Next(_itemCount);
        while (true)
        {
            var item = _random.Next(_itemCount);
            if (!rated.Contains(item)) return item;
        }
    }

    private Device ScorerDevice => Scorer.parameters().First().device;

    private static Tensor Column(IReadOnlyList<int> ids, Device device) => tensor(ids.Select(i => (float)i).ToArray(), device: device).reshape(-1, 1);
}
