using Lepton.Data;
using Lepton.Data.Datasets;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using Lepton.Nn.Zoo;
using Lepton.Tracking;

namespace Lepton.Bench;

/// <summary>
/// <see cref="LeptonFitLoop"/> recorded by tracking: each round starts a run, trains one epoch with
/// <c>run.Autolog()</c> (parameters, epoch metrics, best checkpoint, final model) and ends the run, all on the clock.
/// Every round is one epoch, so the per-epoch costs (checkpoint save, model upload, run start and end) weigh as
/// much as they ever can.
/// </summary>
internal sealed class TrackedFitLoop : ITrainingLoop
{
    private readonly Model _model;
    private readonly Dataset _examples;
    private readonly int _batchSize;
    private readonly TrackingClient _tracking;

    public TrackedFitLoop(TensorDataset train, int steps, int batchSize, TrackingClient tracking)
    {
        _batchSize = batchSize;
        _tracking = tracking;
        _examples = train.Take(checked(steps * batchSize));
        _model = ImageClassifiers.SmallCnn(FashionMnist.ImageFormat.Shape, FashionMnist.ClassNames.Count);
        _model.Compile(new Adam(1e-3), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
    }

    public string Key => "lepton_tracked";

    public string Description => "the same Fit with callbacks: [run.Autolog()] in a run started and ended each round (SQLite store, local artifacts)";

    public RoundOutcome Run()
    {
        var run = _tracking.StartRunAsync("bench-autolog").GetAwaiter().GetResult();
        var history = _model.Fit(_examples, epochs: 1, batchSize: _batchSize, callbacks: [run.Autolog()], verbose: Verbosity.Silent);
        run.EndAsync().GetAwaiter().GetResult();
        return new RoundOutcome(_examples.Count, history["loss"][^1], history["accuracy"][^1]);
    }

    public void Dispose() => _model.Dispose();
}
