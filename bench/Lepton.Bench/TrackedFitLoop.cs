using Lepton.Data;
using Lepton.Tracking;

namespace Lepton.Bench;

/// <summary>
/// <see cref="LeptonFitLoop"/> recorded by tracking: each round starts a run, trains one epoch with
/// <c>run.Autolog()</c> (parameters, epoch metrics, best checkpoint, final model) and ends the run, all on the clock.
/// Every round is one epoch, so the per-epoch costs (checkpoint save, model upload, run start and end) weigh as
/// much as they ever can.
/// </summary>
internal sealed class TrackedFitLoop(TensorDataset train, int steps, int batchSize, TrackingClient tracking) : ITrainingLoop
{
    private readonly LeptonFitLoop _fit = new(train, steps, batchSize);

    public string Key => "lepton_tracked";

    public string Description => "the same Fit with callbacks: [run.Autolog()] in a run started and ended each round (SQLite store, local artifacts)";

    public RoundOutcome Run()
    {
        var run = tracking.StartRunAsync("bench-autolog").GetAwaiter().GetResult();
        var outcome = _fit.Run([run.Autolog()]);
        run.EndAsync().GetAwaiter().GetResult();
        return outcome;
    }

    public void Dispose() => _fit.Dispose();
}
