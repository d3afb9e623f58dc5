namespace Lepton.Serving.Protocol;

/// <summary>The picture an image model sees: the server decodes an upload and resizes it to this (the model file's image format).</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Channels">1 (gray) or 3 (RGB).</param>
public sealed record ImageInputMetadata(int Width, int Height, int Channels);
