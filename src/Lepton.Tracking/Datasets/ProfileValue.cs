namespace Lepton.Tracking.Datasets;

/// <summary>A frequent value of a profiled column and how many rows hold it.</summary>
/// <param name="Value">The value as text.</param>
/// <param name="Count">Rows holding it.</param>
public sealed record ProfileValue(string Value, long Count);
