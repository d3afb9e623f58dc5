using System.IO.Hashing;
using System.Text;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Pruners;

/// <summary>
/// Hyperband (Li et al. 2018) as Optuna's pruner: several successive-halving brackets, from aggressive (first rung at
/// the minimum resource) to patient, each trial in one bracket by a hash of the study name and trial number (brackets
/// get trials in proportion to their budgets), and judged only against the trials of its own bracket.
/// </summary>
public sealed class HyperbandPruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="minimumResource">Steps at the first rung of the most aggressive bracket (Optuna: 1).</param>
    /// <param name="maximumResource">Steps of a full trial; null (Optuna's "auto") takes the longest complete trial's, once one is complete.</param>
    /// <param name="reductionFactor">η (Optuna: 3).</param>
    public HyperbandPruner(int minimumResource = 1, int? maximumResource = null, int reductionFactor = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumResource, 1);
        if (maximumResource is { } max && max < minimumResource) throw new ArgumentOutOfRangeException(nameof(maximumResource), max, "The maximum resource is at least the minimum.");
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        (MinimumResource, MaximumResource, ReductionFactor) = (minimumResource, maximumResource, reductionFactor);
    }

    /// <summary>Steps at the first rung of the most aggressive bracket.</summary>
    public int MinimumResource { get; }

    /// <summary>Steps of a full trial, or null for automatic.</summary>
    public int? MaximumResource { get; }

    /// <summary>η.</summary>
    public int ReductionFactor { get; }

    /// <inheritdoc />
    public PruneDecision Judge(StudySnapshot study, TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        var maximum = MaximumResource ?? study.InState(TrialState.Complete).Select(t => t.LastStep + 1).OfType<int>().DefaultIfEmpty(0).Max();
        if (maximum < MinimumResource) return PruneDecision.Continue;
        var brackets = (int)Math.Floor(Math.Log(maximum / (double)MinimumResource, ReductionFactor) + 1e-9) + 1;
        var bracket = Bracket(study.Study.Name, trial.Number, brackets);
        var own = study.Trials.Where(t => Bracket(study.Study.Name, t.Number, brackets) == bracket).ToList();
        var halving = new SuccessiveHalvingPruner(MinimumResource, ReductionFactor, minimumEarlyStoppingRate: bracket);
        return halving.Judge(study with { Trials = own }, trial);
    }

    /// <summary>The bracket of trial <paramref name="number"/>: a CRC-32 of "name_number" spread over the brackets' budgets.</summary>
    internal int Bracket(string study, int number, int brackets)
    {
        var budgets = Enumerable.Range(0, brackets).Select(b => Budget(b, brackets)).ToArray();
        var n = (long)(Crc32.HashToUInt32(Encoding.UTF8.GetBytes($"{study}_{number}")) % (uint)budgets.Sum());
        for (var b = 0; b < brackets; b++)
        {
            n -= budgets[b];
            if (n < 0) return b;
        }
        return brackets - 1;
    }

    private int Budget(int bracket, int brackets)
    {
        var s = brackets - 1 - bracket;
        return (int)Math.Ceiling(brackets * Math.Pow(ReductionFactor, s) / (s + 1));
    }
}
