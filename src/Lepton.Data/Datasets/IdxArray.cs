namespace Lepton.Data.Datasets;

/// <summary>The contents of an IDX file of unsigned bytes: its dimensions and its values in row-major order.</summary>
internal sealed record IdxArray(int[] Dimensions, byte[] Data);
