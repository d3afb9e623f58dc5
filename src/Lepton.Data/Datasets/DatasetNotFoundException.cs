namespace Lepton.Data.Datasets;

/// <summary>
/// A built-in dataset's files are not where Lepton looked. The message says where it looked and how to get them.
/// </summary>
public sealed class DatasetNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception for <paramref name="dataset"/>, missing <paramref name="fileName"/> in <paramref name="folder"/>.</summary>
    public DatasetNotFoundException(string dataset, string folder, string fileName, string message)
        : base(message, fileName)
    {
        Dataset = dataset;
        Folder = folder;
    }

    /// <summary>The dataset's name, such as <c>Fashion-MNIST</c>.</summary>
    public string Dataset { get; }

    /// <summary>The folder that was searched.</summary>
    public string Folder { get; }
}
