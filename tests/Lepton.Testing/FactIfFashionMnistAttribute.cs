using Lepton.Data.Datasets;

namespace Lepton.Testing;

/// <summary>A fact that needs the real Fashion-MNIST files; skipped, saying how to get them, without.</summary>
public sealed class FactIfFashionMnistAttribute : FactAttribute
{
    /// <summary>Skips the fact when Fashion-MNIST is not installed.</summary>
    public FactIfFashionMnistAttribute()
    {
        if (!FashionMnist.IsInstalled())
            Skip = $"Fashion-MNIST is not installed in {FashionMnist.DefaultFolder}: run `sudo apt-get install dataset-fashion-mnist` or set {FashionMnist.FolderVariable}.";
    }
}
