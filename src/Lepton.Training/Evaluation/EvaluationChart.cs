namespace Lepton.Training.Evaluation;

/// <summary>One chart of the evaluation report: its PNG file name, what it shows, the image and its size.</summary>
internal sealed record EvaluationChart(string FileName, string Title, byte[] Png, int Width, int Height);
