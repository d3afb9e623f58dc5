namespace Lepton.Export.Compression;

/// <summary>One kernel's sparsity: which layer and tensor, how many weights it has and how many are zero.</summary>
/// <param name="Layer">The layer's name (a nested layer's path, dotted).</param>
/// <param name="Weight">The tensor's name within the layer (<c>weight</c>, <c>lstm.weight_hh_l0</c>, …).</param>
/// <param name="Count">The number of weights.</param>
/// <param name="Zeros">How many of them are exactly zero.</param>
public sealed record PrunedWeight(string Layer, string Weight, long Count, long Zeros)
{
    /// <summary>The fraction of the weights that are zero.</summary>
    public double Sparsity => Count == 0 ? 0 : (double)Zeros / Count;
}
