namespace Lepton.Data.Images;

/// <summary>A folder cannot be read as an image folder (missing, empty, one class, a class folder without images); the message names the folder and says what to change.</summary>
public sealed class ImageFolderException(string message) : Exception(message);
