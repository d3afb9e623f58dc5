namespace Lepton.Data.Images;

/// <summary>The part of an image folder an image comes from: <c>train/</c>, <c>validation/</c> or <c>test/</c>; every image of a folder without split folders is <see cref="Train"/>.</summary>
public enum ImageSplit
{
    /// <summary>Training images (all of them when the folder has no split folders).</summary>
    Train,

    /// <summary>Images under <c>validation/</c> (or <c>val/</c>).</summary>
    Validation,

    /// <summary>Images under <c>test/</c>.</summary>
    Test,
}
