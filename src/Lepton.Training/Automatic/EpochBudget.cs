using System.Diagnostics;
using Lepton.Nn.Callbacks;

namespace Lepton.Training.Automatic;

/// <summary>
/// A network candidate's share of the time limit, as a <c>Fit</c> callback and the token to train with: the token is
/// cancelled once the budget is spent (mid-epoch, so a long epoch does not overrun it) but never before the first
/// epoch has ended. A candidate left little time is still trained for one epoch, never kept untrained (a 1-second
/// budget used to stop the MLP before its first batch, and its class weights made the untrained network answer the
/// minority class).
/// </summary>
internal sealed class EpochBudget : Callback, IDisposable
{
    private readonly CancellationTokenSource timer;
    private readonly TimeSpan budget;
    private readonly Stopwatch clock = Stopwatch.StartNew();

    /// <summary>A budget of <paramref name="budget"/> from now; <paramref name="cancellationToken"/> still cancels at once.</summary>
    public EpochBudget(TimeSpan budget, CancellationToken cancellationToken)
    {
        this.budget = budget;
        timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>The token to give <c>Fit</c>.</summary>
    public CancellationToken Token => timer.Token;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (epoch != 0) return;
        var left = budget - clock.Elapsed;
        if (left <= TimeSpan.Zero) timer.Cancel();
        else timer.CancelAfter(left);
    }

    /// <inheritdoc/>
    public void Dispose() => timer.Dispose();
}
