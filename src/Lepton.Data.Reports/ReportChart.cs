namespace Lepton.Data.Reports;

/// <summary>One chart of the report: a stable file name, what it shows, and the PNG.</summary>
/// <param name="FileName">File name for the PNG, e.g. <c>column-03-age.png</c>.</param>
/// <param name="Title">What the chart shows, for alt text and captions.</param>
/// <param name="Png">The image.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
internal sealed record ReportChart(string FileName, string Title, byte[] Png, int Width, int Height);
