namespace Lepton.Tuning.Reports;

/// <summary>One chart of the study report: its PNG file name, what it shows, the image and its size.</summary>
internal sealed record StudyChart(string FileName, string Title, byte[] Png, int Width, int Height);
