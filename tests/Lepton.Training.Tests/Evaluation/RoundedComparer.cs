namespace Lepton.Training.Tests.Evaluation;

/// <summary>Compares doubles to 6 decimals, for figures computed in float32 against hand-written fractions.</summary>
internal sealed class RoundedComparer : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-6;

    public int GetHashCode(double obj) => Math.Round(obj, 6).GetHashCode();
}
