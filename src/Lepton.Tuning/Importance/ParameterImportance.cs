namespace Lepton.Tuning.Importance;

/// <summary>One parameter's share of the variance of a study's objective (see <see cref="FanovaImportance"/>).</summary>
/// <param name="Parameter">The parameter's name.</param>
/// <param name="Importance">Its share, from 0 to 1; the shares of one computation sum to 1.</param>
public sealed record ParameterImportance(string Parameter, double Importance);
