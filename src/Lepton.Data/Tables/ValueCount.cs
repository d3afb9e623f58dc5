namespace Lepton.Data.Tables;

/// <summary>A value and how many rows hold it.</summary>
/// <param name="Value">The value as text (numbers culture-invariant).</param>
/// <param name="Count">Rows holding it.</param>
public sealed record ValueCount(string Value, long Count);
