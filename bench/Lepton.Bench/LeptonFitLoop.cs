using Lepton.Data;
using Lepton.Data.Datasets;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using Lepton.Nn.Zoo;

namespace Lepton.Bench;

/// <summary>
/// Lepton as a user writes it: <see cref="ImageClassifiers.SmallCnn"/>, compiled with Adam, sparse
/// cross-entropy on logits and accuracy, and one silent <c>Fit</c> epoch over exactly steps × batch examples.
/// </summary>
internal sealed class LeptonFitLoop : ITrainingLoop
{
    private readonly Model _model;
    private readonly Dataset _examples;
    private readonly int _batchSize;

    /// <summary>Trains on the first steps × batch examples of <paramref name="train"/>, which stays the caller's.</summary>
    public LeptonFitLoop(TensorDataset train, int steps, int batchSize)
    {
        _batchSize = batchSize;
        _examples = train.Take(checked(steps * batchSize));
        _model = ImageClassifiers.SmallCnn(FashionMnist.ImageFormat.Shape, FashionMnist.ClassNames.Count);
        _model.Compile(new Adam(1e-3), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
    }

    public string Key => "lepton";

    public string Description => "Lepton: ImageClassifiers.SmallCnn, Compile(Adam(1e-3), SparseCategoricalCrossentropy(fromLogits: true), Accuracy), Fit(epochs: 1, verbose: Silent)";

    public RoundOutcome Run() => Run(null);

    /// <summary>One round with <paramref name="callbacks"/> added to <c>Fit</c> (the tracking benchmark's variant).</summary>
    public RoundOutcome Run(IEnumerable<Nn.Callbacks.Callback>? callbacks)
    {
        var history = _model.Fit(_examples, epochs: 1, batchSize: _batchSize, callbacks: callbacks, verbose: Verbosity.Silent);
        return new RoundOutcome(_examples.Count, history["loss"][^1], history["accuracy"][^1]);
    }

    public void Dispose() => _model.Dispose();
}
