namespace Lepton.Training.Trees;

/// <summary>One training row as ML.NET reads it: the features (a vector whose length the schema sets) and the label.</summary>
internal sealed class TreeRow<TLabel>
{
    public float[] Features { get; set; } = [];

    public TLabel Label { get; set; } = default!;
}
