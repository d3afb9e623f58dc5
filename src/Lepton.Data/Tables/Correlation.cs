namespace Lepton.Data.Tables;

/// <summary>The measured relation between two columns.</summary>
/// <param name="First">One column.</param>
/// <param name="Second">The other column (the target, in a profile's target relations).</param>
/// <param name="Method">How it was measured.</param>
/// <param name="Value">The measure; NaN when it cannot be computed (e.g. a constant column).</param>
public sealed record Correlation(string First, string Second, CorrelationMethod Method, double Value);
