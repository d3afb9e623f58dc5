using Lepton.Training.Features;

namespace Lepton.Training.Automatic;

/// <summary>How <see cref="TableTrainer"/> plans and trains: the task, the time it may take, the splits and the candidates.</summary>
public sealed class TableTrainingOptions
{
    /// <summary>
    /// The candidates tried by default, in order: a linear model (cheap, first, so it is kept on a tie and small tables
    /// get it even under a short time limit), a text encoder (bag of embeddings; only when a column is text),
    /// gradient-boosted trees and a multilayer perceptron.
    /// </summary>
    public static IReadOnlyList<string> DefaultCandidates { get; } = ["linear", "text", "gbm", "mlp"];

    /// <summary>
    /// The model families <see cref="Candidates"/> may name: the defaults, and the slower text encoders
    /// (<c>text_lstm</c>, <c>text_gru</c>: bidirectional recurrent; <c>text_transformer</c>: one Transformer encoder block).
    /// </summary>
    public static IReadOnlyList<string> KnownCandidates { get; } = [.. DefaultCandidates, "text_lstm", "text_gru", "text_transformer"];

    /// <summary>The candidates whose settings <see cref="SearchTrials"/> searches: gbm and mlp.</summary>
    public static IReadOnlyList<string> SearchedCandidates { get; } = ["gbm", "mlp"];

    /// <summary>Classification or regression; null decides from the target (see docs/training.md).</summary>
    public TrainingTask? Task { get; init; }

    /// <summary>
    /// How long trying candidates may take in all, counted from the first candidate (reading, splitting and fitting the
    /// preprocessing come before it); a candidate that would start after it is not tried, and a network trains at least one epoch.
    /// </summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The share of rows held out to test the kept model (stratified for classification).</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>The share of the training rows that candidates are scored on (and stop early on).</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>The seed of the splits and of every candidate.</summary>
    public int Seed { get; init; }

    /// <summary>The candidates to try, in order; the first is kept on a tie.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = DefaultCandidates;

    /// <summary>
    /// How many fold models each candidate is made of (k-fold bagging, scored out of fold; 1 = one validation split).
    /// Null decides from the size: 5 when fewer than <see cref="BaggingBelowRows"/> rows train, where one validation
    /// split is too small to choose on, else 1.
    /// </summary>
    public int? BaggingFolds { get; init; }

    /// <summary>
    /// How many trials a hyperparameter search may run after the default candidates, in the time left of
    /// <see cref="TimeLimit"/>: a TPE study (Lepton.Tuning) over gbm's and the mlp's settings — of those two among
    /// <see cref="Candidates"/> that were trained — scored on the same rows as the defaults. A family's best trial joins
    /// the candidates (<c>gbm_tuned</c>, <c>mlp_tuned</c>) only when it beats its default by more than the noise of those
    /// rows. 0 (the default) searches nothing; <c>lepton train</c> searches (up to 100 trials) when given <c>--time-limit</c>.
    /// </summary>
    public int SearchTrials { get; init; }

    /// <summary>Below this many training rows, <see cref="BaggingFolds"/> defaults to 5.</summary>
    public const int BaggingBelowRows = 1_000;

    internal int BaggingFoldsFor(long trainingRows) => BaggingFolds ?? (trainingRows < BaggingBelowRows ? 5 : 1);

    internal void Validate()
    {
        if (BaggingFolds is < 1 or > 10) throw new TrainingException($"The bagging folds must be between 1 and 10, not {BaggingFolds}.");
        if (SearchTrials < 0) throw new TrainingException($"The search trials must be 0 (no search) or more, not {SearchTrials}.");
        if (TimeLimit <= TimeSpan.Zero) throw new TrainingException($"The time limit must be positive, not {TimeLimit}.");
        if (TestFraction is <= 0 or >= 1 || double.IsNaN(TestFraction)) throw new TrainingException($"The test fraction must be between 0 and 1 (exclusive), not {TestFraction}.");
        if (ValidationFraction is <= 0 or >= 1 || double.IsNaN(ValidationFraction)) throw new TrainingException($"The validation fraction must be between 0 and 1 (exclusive), not {ValidationFraction}.");
        if (Candidates.Count == 0) throw new TrainingException($"Name at least one candidate: {string.Join(", ", KnownCandidates)}.");
        var unknown = Candidates.FirstOrDefault(c => !KnownCandidates.Contains(c));
        if (unknown is not null) throw new TrainingException($"Unknown candidate '{unknown}'; the candidates are {string.Join(", ", KnownCandidates)}.");
    }
}
