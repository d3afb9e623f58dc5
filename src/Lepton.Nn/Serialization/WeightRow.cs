namespace Lepton.Nn.Serialization;

/// <summary>One row of the weights table.</summary>
internal sealed record WeightRow(string Name, string DType, long[] Shape, long Offset, long Length);
