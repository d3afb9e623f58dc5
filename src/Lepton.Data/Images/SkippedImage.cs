namespace Lepton.Data.Images;

/// <summary>An image file of an image folder that could not be read, and why; it is left out and counted.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Reason">What went wrong.</param>
public sealed record SkippedImage(string Path, string Reason);
