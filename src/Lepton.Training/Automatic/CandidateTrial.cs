namespace Lepton.Training.Automatic;

/// <summary>One candidate <see cref="TableTrainer"/> tried (or could not): its validation score, how long it took, and a note.</summary>
/// <param name="Name">The candidate: <c>gbm</c> or <c>mlp</c>.</param>
/// <param name="ValidationScore">The plan's metric on the validation rows; null when it was not trained.</param>
/// <param name="Duration">The time it took to train and score.</param>
/// <param name="Note">What it was (trees grown, epochs run) or why it was not tried.</param>
public sealed record CandidateTrial(string Name, double? ValidationScore, TimeSpan Duration, string Note);
