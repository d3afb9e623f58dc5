namespace Lepton.Data.Reports;

/// <summary>Sampled points of two numeric columns for a scatter plot, with their correlation.</summary>
internal sealed record ScatterSample(string X, string Y, double Pearson, double[] Xs, double[] Ys);
