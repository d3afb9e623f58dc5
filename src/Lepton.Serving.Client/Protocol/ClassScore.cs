namespace Lepton.Serving.Protocol;

/// <summary>One class and its probability.</summary>
/// <param name="Label">The class name (or its index when the model has no names).</param>
/// <param name="Index">The class index.</param>
/// <param name="Probability">Its probability.</param>
public sealed record ClassScore(string Label, int Index, float Probability);
