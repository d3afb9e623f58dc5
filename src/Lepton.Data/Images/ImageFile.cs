namespace Lepton.Data.Images;

/// <summary>One readable image of an image folder: where it is, its class, its split and its size as stored.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Label">The index of its class in <see cref="ImageFolder.ClassNames"/>.</param>
/// <param name="Split">The split folder it is in (<see cref="ImageSplit.Train"/> without split folders).</param>
/// <param name="Width">Its width in pixels, from the file's header.</param>
/// <param name="Height">Its height in pixels, from the file's header.</param>
/// <param name="IsGray">True when the file stores gray pixels (one channel).</param>
public sealed record ImageFile(string Path, int Label, ImageSplit Split, int Width, int Height, bool IsGray);
