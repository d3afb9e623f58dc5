namespace Lepton.Data.Splits;

/// <summary>The row positions (0-based, ascending) of one training part and one test part.</summary>
/// <param name="Train">Rows to train on.</param>
/// <param name="Test">Rows to test (or validate) on.</param>
public sealed record SplitIndices(long[] Train, long[] Test);
