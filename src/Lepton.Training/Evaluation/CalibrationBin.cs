namespace Lepton.Training.Evaluation;

/// <summary>One bin of a calibration (reliability) curve: rows whose predicted probability fell in [<paramref name="Lower"/>, <paramref name="Upper"/>).</summary>
/// <param name="Lower">The bin's lower edge.</param>
/// <param name="Upper">The bin's upper edge (the last bin includes 1).</param>
/// <param name="MeanPredicted">The mean predicted probability of the rows in the bin.</param>
/// <param name="ObservedFrequency">The share of those rows where the prediction was right (binary: the positive class occurred).</param>
/// <param name="Count">The rows in the bin.</param>
public sealed record CalibrationBin(double Lower, double Upper, double MeanPredicted, double ObservedFrequency, long Count);
